/* Comments: prefill from the consented "remember me" cookie, reply links that
   move the form in place (without JavaScript they load ?replytocom=ID#respond),
   old #comment-N links that point at another page of the discussion, and the
   CSRF token, which the cached public page does not carry (fetched once the
   reader starts writing; without JavaScript the form's signed token and the
   browser's Origin header let the post through, see comments/form_token.py). */
(function () {
  "use strict";
  var form = document.getElementById("comment-form");

  // A #comment-N anchor not on this page: let the server find its page.
  var section = document.getElementById("comments");
  var match = /^#comment-(\d+)$/.exec(window.location.hash);
  if (section && match && !document.getElementById("comment-" + match[1])) {
    // data-permalink is the URL of comment 0; swap in the id.
    window.location.replace(section.getAttribute("data-permalink").replace(/0\/$/, match[1] + "/"));
    return;
  }
  if (!form) return;

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) return parts[i].slice(eq + 1);
    }
    return null;
  }

  // The server percent-encodes the whole JSON value (views._set_author_cookie);
  // a value from an older version may be double-quoted: drop the quotes.
  var saved = readCookie("comment_author");
  if (saved) {
    try {
      if (saved.charAt(0) === '"' && saved.charAt(saved.length - 1) === '"') saved = saved.slice(1, -1);
      var data = JSON.parse(decodeURIComponent(saved));
      ["name", "email", "url"].forEach(function (key) {
        var input = form.elements[key];
        if (input && !input.value && typeof data[key] === "string") input.value = data[key];
      });
      if (form.elements.remember) form.elements.remember.checked = true;
    } catch (e) { /* a damaged cookie is ignored */ }
  }

  var home = form.parentNode;
  var marker = document.createComment("comment-form-home");
  home.insertBefore(marker, form);
  var cancel = form.querySelector(".comment-form__cancel");
  var title = form.querySelector(".comment-form__title");
  var titleText = "Leave a comment ";

  function reset() {
    form.elements.parent.value = "";
    marker.parentNode.insertBefore(form, marker.nextSibling);
    if (cancel) cancel.hidden = true;
    if (title) title.firstChild.nodeValue = titleText;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-reply-to]") : null;
    if (!link) return;
    event.preventDefault();
    form.elements.parent.value = link.getAttribute("data-reply-to");
    link.closest(".comment__body").appendChild(form);
    if (cancel) cancel.hidden = false;
    if (title) title.firstChild.nodeValue = "Reply to " + link.getAttribute("data-reply-name") + " ";
    form.elements.comment.focus();
  });
  if (cancel) cancel.addEventListener("click", function (event) { event.preventDefault(); reset(); });

  // The form came back with errors (the server re-rendered the whole article):
  // take the reader to the form and to the first field to fix, not the top of the page.
  var invalid = form.querySelector("[aria-invalid=true]");
  var summary = form.querySelector(".comment-form__errors");
  if (invalid || summary) {
    form.scrollIntoView({ block: "start" });
    if (invalid) {
      invalid.focus({ preventScroll: true });
    } else {
      summary.setAttribute("tabindex", "-1");
      summary.focus({ preventScroll: true });
    }
  }

  var tokenInput = form.elements.csrfmiddlewaretoken;
  var tokenRequest = null;
  function fetchToken() {
    if (!tokenRequest) {
      tokenRequest = fetch(section.getAttribute("data-csrf-url"), {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (response) { return response.ok ? response.json() : {}; })
        .then(function (data) { if (data.token && !tokenInput.value) tokenInput.value = data.token; })
        .catch(function () { /* the server will ask the reader to post again */ });
    }
    return tokenRequest;
  }
  if (tokenInput && !tokenInput.value) {
    form.addEventListener("focusin", fetchToken);
    form.addEventListener("submit", function (event) {
      if (tokenInput.value) return;
      event.preventDefault();
      fetchToken().then(function () { form.submit(); });
    });
  }
})();
