"""The persons register: read and checked (``register``); names spotted in text (``names``)."""
