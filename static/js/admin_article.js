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

  function words(form) {
    return [value(form, "title"), value(form, "standfirst"), value(form, "body")];
  }

  function say(status, text, warn) {
    if (!status) { return; }
    status.textContent = text;
    status.classList.toggle("editorial-autosave--warning", Boolean(warn));
  }

  // Every minute, keep the words typed since the last save as this user's
  // autosave (never the article itself). `loaded_version` lets the server warn
  // at once if someone else saved the article meanwhile.
  function startAutosave(form, url) {
    var status = document.getElementById("editorial-autosave");
    var last = JSON.stringify(words(form));
    var submitting = false;
    form.addEventListener("submit", function () { submitting = true; });
    window.setInterval(function () {
      if (submitting) { return; }
      var now = words(form);
      var key = JSON.stringify(now);
      if (key === last) { return; }
      post(url, form, {
        title: now[0], standfirst: now[1], body: now[2],
        loaded_version: value(form, "loaded_version"),
      }).then(function (reply) {
        last = key;
        if (reply.stale) { say(status, reply.stale, true); } else { say(status, reply.message); }
      }).catch(function () {
        say(status, "Could not keep a copy of your changes; save soon.", true);
      });
    }, AUTOSAVE_MS);
  }

  // A new article has no row to autosave to: the first autosave with words in
  // it creates the draft (an "auto-draft"), then the form becomes that draft's
  // change form and ordinary autosaves take over.
  function startAutodraft(form, url) {
    var status = document.getElementById("editorial-autosave");
    var empty = JSON.stringify(words(form));
    var timer = window.setInterval(function () {
      var now = words(form);
      if (JSON.stringify(now) === empty) { return; }
      window.clearInterval(timer);
      post(url, form, {
        title: now[0], standfirst: now[1], body: now[2], slug: value(form, "slug"),
      }).then(function (reply) {
        form.action = reply.change_url;
        var version = form.elements.namedItem("loaded_version");
        if (version) { version.value = reply.version; }
        var marker = document.createElement("input");
        marker.type = "hidden";
        marker.name = "_autodraft";
        marker.value = "1";
        form.appendChild(marker);
        window.history.replaceState(null, "", reply.change_url);
        say(status, reply.message);
        startAutosave(form, reply.autosave_url);
        startPresence(form, reply.presence_url);
      }).catch(function () {
        // Nothing to keep yet (or the server said no): try again next minute.
        startAutodraft(form, url);
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

  // Bylines are ordered by moving rows (Move up / Move down), not by typing numbers:
  // the hidden position inputs are numbered in row order when the form is sent. Rows
  // without an author are left alone, so an empty extra row stays "unchanged".
  function startBylineOrdering(form) {
    var group = document.getElementById("bylines-group");
    if (!group) { return; }
    group.classList.add("bylines--ordered");

    function rows() {
      return Array.prototype.filter.call(
        group.querySelectorAll("tbody tr.form-row"),
        function (row) { return !row.classList.contains("empty-form"); }
      );
    }

    function addButtons(row) {
      var cell = row.querySelector("td.field-author");
      if (!cell || row.querySelector(".byline-move")) { return; }
      var name = function () {
        var select = row.querySelector("td.field-author select");
        var option = select && select.selectedOptions[0];
        return option && option.value ? option.textContent : "this byline";
      };
      [["up", "↑", "Move up"], ["down", "↓", "Move down"]].forEach(function (spec) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "byline-move byline-move--" + spec[0];
        button.textContent = spec[1];
        button.title = spec[2];
        button.addEventListener("click", function () {
          button.setAttribute("aria-label", spec[2] + ": " + name());
          var list = rows();
          var index = list.indexOf(row);
          var other = list[spec[0] === "up" ? index - 1 : index + 1];
          if (!other) { return; }
          if (spec[0] === "up") { other.before(row); } else { other.after(row); }
          button.focus();
        });
        button.setAttribute("aria-label", spec[2]);
        cell.appendChild(button);
      });
    }

    rows().forEach(addButtons);
    document.addEventListener("formset:added", function (event) {
      if (event.detail && event.detail.formsetName === "bylines") { addButtons(event.target); }
    });
    form.addEventListener("submit", function () {
      var position = 0;
      rows().forEach(function (row) {
        var author = row.querySelector("td.field-author select");
        var input = row.querySelector("td.field-position input");
        if (author && author.value && input) { input.value = position++; }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("article_form");
    if (!form) { return; }
    var panel = form.querySelector(".editorial-status");
    startCounters(form);
    startBylineOrdering(form);
    if (!panel) { return; }
    if (panel.dataset.autosaveUrl) { startAutosave(form, panel.dataset.autosaveUrl); }
    if (panel.dataset.autodraftUrl) { startAutodraft(form, panel.dataset.autodraftUrl); }
    if (panel.dataset.presenceUrl) { startPresence(form, panel.dataset.presenceUrl); }
  });
})();
