/* The moderation queue, enhanced: a row's Approve / Spam / Trash button acts at
   once and shows the result in the row (without JavaScript each button submits
   the list's form to its decision and comes back to the same filtered page),
   and WordPress's keys: j / k move between comments, a / s / t decide. */
(function () {
  "use strict";
  var form = document.getElementById("changelist-form");
  if (!form) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll("#result_list tbody tr"));
  if (!rows.length) return;
  var current = -1;

  function token() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function setCurrent(index) {
    if (index < 0 || index >= rows.length) return;
    if (current >= 0) rows[current].classList.remove("row--current");
    current = index;
    var row = rows[current];
    row.classList.add("row--current");
    row.setAttribute("tabindex", "-1");
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
  }

  function nextUndecided(from) {
    for (var i = from + 1; i < rows.length; i++) {
      if (!rows[i].classList.contains("row--decided")) return i;
    }
    return -1;
  }

  function decide(button) {
    var row = button.closest("tr");
    var box = button.closest(".row-decisions");
    var result = box.querySelector(".row-decisions__result");
    var buttons = box.querySelectorAll("button");
    Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
    var body = new FormData();
    body.append("csrfmiddlewaretoken", token());
    return fetch(button.formAction, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token() }
    })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        Array.prototype.forEach.call(buttons, function (b) { b.remove(); });
        result.textContent = data.message;
        row.classList.add("row--decided", "row--" + data.status);
        var status = row.querySelector(".queue-status");
        if (status) status.textContent = data.status_label;
        var index = rows.indexOf(row);
        var next = nextUndecided(index);
        if (next >= 0) {
          setCurrent(next);
          var first = rows[next].querySelector("button.row-decision");
          if (first) first.focus({ preventScroll: true });
        }
      })
      .catch(function () {
        Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
        result.textContent = "Not saved (connection problem): try again, or reload the page.";
      });
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.row-decision") : null;
    if (!button) return;
    event.preventDefault();
    decide(button);
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    var key = event.key;
    if (key === "j") {
      setCurrent(current < 0 ? 0 : Math.min(current + 1, rows.length - 1));
    } else if (key === "k") {
      setCurrent(current < 0 ? 0 : Math.max(current - 1, 0));
    } else if (key === "a" || key === "s" || key === "t") {
      if (current < 0) return;
      var button = rows[current].querySelector('button.row-decision[data-key="' + key + '"]');
      if (!button || button.disabled) return;
      decide(button);
    } else {
      return;
    }
    event.preventDefault();
  });
})();
