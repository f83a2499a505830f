// Share box: "Copy link" and the browser's own share sheet, where the browser offers
// them. A static file (no inline script), so it runs under a strict Content-Security-
// Policy. Without JS the plain share links still work; the two buttons stay hidden.
(function () {
  "use strict";

  function setUp(box) {
    var url = box.getAttribute("data-share-url");
    var title = box.getAttribute("data-share-title");
    var status = box.querySelector(".share__status");
    var copy = box.querySelector("[data-share-copy]");
    var native = box.querySelector("[data-share-native]");

    function say(text) {
      if (status) { status.textContent = text; }
    }

    if (copy && navigator.clipboard && window.isSecureContext) {
      copy.hidden = false;
      copy.querySelector("button").addEventListener("click", function () {
        navigator.clipboard.writeText(url).then(
          function () { say("Link copied."); },
          function () { say("Could not copy the link: " + url); }
        );
      });
    }
    if (native && navigator.share) {
      native.hidden = false;
      native.querySelector("button").addEventListener("click", function () {
        navigator.share({ title: title, url: url }).catch(function () {
          // The reader closed the sheet: nothing to report.
        });
      });
    }
  }

  document.querySelectorAll("[data-share-url]").forEach(setUp);
})();
