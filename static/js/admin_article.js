// Article admin: autosave of unsaved words, "who else has this open", length hints.
// Plain JS, no build step. Everything is optional: without JS the form still works.
(function () {
  "use strict";

  var AUTOSAVE_MS = 60 * 1000;
  var PRESENCE_MS = 30 * 1000;

  function csrfToken(form) {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function post(url, form, data) {
    var body = new FormData();
    Object.keys(data).forEach(function (key) { body.append(key, data[key]); });
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(form) },
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    });
  }

  function value(form, name) {
    var field = form.elements.namedItem(name);
    return field ? field.value : "";
  }

  function startAutosave(form, url) {
    var status = document.getElementById("editorial-autosave");
    var last = JSON.stringify([value(form, "title"), value(form, "standfirst"), value(form, "body")]);
    var submitting = false;
    form.addEventListener("submit", function () { submitting = true; });
    window.setInterval(function () {
      if (submitting) { return; }
      var words = [value(form, "title"), value(form, "standfirst"), value(form, "body")];
      var now = JSON.stringify(words);
      if (now === last) { return; }
      post(url, form, { title: words[0], standfirst: words[1], body: words[2] })
        .then(function (reply) {
          last = now;
          if (status) { status.textContent = reply.message; }
        })
        .catch(function () {
          if (status) { status.textContent = "Could not keep a copy of your changes; save soon."; }
        });
    }, AUTOSAVE_MS);
  }

  function startPresence(form, url) {
    var line = document.getElementById("editorial-presence");
    function beat() {
      post(url, form, {}).then(function (reply) {
        if (!line) { return; }
        if (reply.others.length) {
          line.textContent = "Also open by " + reply.others.join(", ") + " — coordinate before you save.";
          line.hidden = false;
        } else {
          line.textContent = "";
          line.hidden = true;
        }
      }).catch(function () { /* presence is a courtesy; stay quiet */ });
    }
    window.setInterval(beat, PRESENCE_MS);
  }

  function startCounters(form) {
    form.querySelectorAll("[data-counter]").forEach(function (field) {
      var limit = parseInt(field.getAttribute("data-counter"), 10);
      var hint = document.createElement("span");
      hint.className = "length-hint";
      hint.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", hint);
      function update() {
        var n = field.value.length;
        hint.textContent = n + " / " + limit + " characters";
        hint.classList.toggle("length-hint--over", n > limit);
      }
      field.addEventListener("input", update);
      update();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("article_form");
    if (!form) { return; }
    var panel = form.querySelector(".editorial-status");
    startCounters(form);
    if (!panel) { return; }
    if (panel.dataset.autosaveUrl) { startAutosave(form, panel.dataset.autosaveUrl); }
    if (panel.dataset.presenceUrl) { startPresence(form, panel.dataset.presenceUrl); }
  });
})();
