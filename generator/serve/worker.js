// cablegen serve: one event stream shared by every open page of the preview.
"use strict";
const ports = new Set();
let last = null;
const source = new EventSource("/__cablegen/events");
source.addEventListener("state", (event) => {
  last = event.data;
  for (const port of ports) port.postMessage(last);
});
onconnect = (event) => {
  const port = event.ports[0];
  ports.add(port);
  port.onmessage = (message) => { if (message.data === "bye") ports.delete(port); };
  if (last !== null) port.postMessage(last);
};
