/* cablegen reader: small helps for reading and citing, none needed to read.
 *
 * - Printing opens every closed <details> (routing headers, addressee lists)
 *   so that paper shows what the screen folds away, and closes them again.
 * - On an edition page, choosing a paragraph number (#p5) adds the paragraph
 *   to the citations of the "Cite this cable" block.
 *
 * Nothing here holds an element of <main> between events: the preview
 * (cablegen serve) swaps <main> in place after an edit and then fires
 * "cablegen:update" on the document.
 */
(function () {
  "use strict";

  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      d.setAttribute("open", "");
      d.setAttribute("data-print-opened", "");
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-print-opened]").forEach(function (d) {
      d.removeAttribute("open");
      d.removeAttribute("data-print-opened");
    });
  });

  // The block's texts as built, kept on it: the preview (cablegen serve) may
  // swap the page's <main> for a new one and says so with "cablegen:update".
  var original = new WeakMap();

  function cite() {
    var block = document.getElementById("cite");
    if (!block) { return; }
    var chicago = block.querySelector(".cite-chicago");
    var bibtex = block.querySelector(".cite-bibtex code");
    if (!chicago || !bibtex) { return; }
    if (!original.has(block)) {
      original.set(block, { chicago: chicago.textContent, bibtex: bibtex.textContent });
    }
    var built = original.get(block);
    var url = block.getAttribute("data-url");
    var m = /^#p(\d+)$/.exec(window.location.hash);
    if (!m || !document.getElementById("p" + m[1])) {
      chicago.textContent = built.chicago;
      bibtex.textContent = built.bibtex;
      return;
    }
    var n = m[1];
    var c = built.chicago.replace(/(Cable [^,]+, [^.]+)\./, "$1, para. " + n + ".");
    var b = built.bibtex.replace(/note = \{/, "note = {Paragraph " + n + ". ");
    if (url) {
      c = c.replace(url + ".", url + "#p" + n + ".");
      b = b.replace("url = {" + url + "}", "url = {" + url + "#p" + n + "}");
    }
    chicago.textContent = c;
    bibtex.textContent = b;
  }
  window.addEventListener("hashchange", cite);
  document.addEventListener("cablegen:update", cite);
  cite();
}());
