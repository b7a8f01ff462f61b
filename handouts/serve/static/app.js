// Live preview: when a content file is saved, the server says so on /events; fetch the
// preview again. A broken edit shows what to fix, and the last good pages stay beside it.
(function () {
  "use strict";
  var preview = document.getElementById("preview");
  var findings = document.getElementById("findings");
  function load(region, address) {
    return fetch(address, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) { region.innerHTML = html; } });
  }
  function refresh() {
    if (preview) { load(preview, preview.dataset.fragment); }
    if (findings) { load(findings, findings.dataset.src); }
  }
  if (preview && window.EventSource) {
    var events = new EventSource("/events");
    events.addEventListener("change", refresh);
    // Connected (again): fetch once, in case a file was saved while it was not listening.
    events.addEventListener("open", function () {
      refresh();
      document.body.dataset.live = "yes";
    });
  }
  // The clinic page: its language and large-print choices go with each handout's link.
  var choices = document.querySelector("form.choices");
  if (choices) {
    var links = document.querySelectorAll("a.handout");
    var update = function () {
      var query = new URLSearchParams(new FormData(choices)).toString().replace(/(^|&)lang=(&|$)/, "$1");
      links.forEach(function (link) { link.search = query ? "?" + query : ""; });
    };
    choices.addEventListener("change", update);
    update();
  }
})();
