/*
 * Autosave for a cornerstone page: the form is posted to its own URL while the respondent
 * works, so a closed browser loses nothing. Without this script the page's buttons save.
 *
 * One save at a time: the server answers with each answer's new version, which the next
 * save must carry, or the respondent would conflict with themselves.
 *
 * Each page load has its own tab id, sent with every save: when another tab of the same
 * browser saved the answer first, the server says so instead of "someone else".
 *
 * A save refused for what it is (a 4xx other than a conflict, 409, or too many requests,
 * 429) is never sent again unchanged: the page says, in the server's or its own words,
 * what to do. Only a server or network failure, or a 429, is retried.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var status = document.getElementById("autosave-status");
  var conflictBox = document.getElementById("autosave-conflict");
  var text = form.dataset;
  var TYPING_DELAY = 1000;
  var CHOICE_DELAY = 200;
  var MAX_RETRY_DELAY = 30000;

  var timer = null;
  var inFlight = false;
  var dirty = false;
  var halted = false; // a conflict or a closed round: wait for the respondent
  var leaving = false; // the form itself is being submitted, or the page reloaded
  var retryDelay = 0;
  var tabId = newTabId();

  function newTabId() {
    var bytes = new Uint8Array(12);
    if (window.crypto && window.crypto.getRandomValues) {
      window.crypto.getRandomValues(bytes);
    } else {
      for (var i = 0; i < bytes.length; i++) {
        bytes[i] = Math.floor(Math.random() * 256);
      }
    }
    return Array.prototype.map
      .call(bytes, function (byte) {
        return ("0" + byte.toString(16)).slice(-2);
      })
      .join("");
  }

  function formData() {
    var body = new FormData(form);
    body.append("tab", tabId);
    return body;
  }

  function announce(message) {
    if (status) {
      status.textContent = message;
    }
  }

  function schedule(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  }

  function changed(delay) {
    dirty = true;
    if (!halted) {
      schedule(delay);
    }
  }

  function request(keepalive) {
    return fetch(form.action, {
      method: "POST",
      body: formData(),
      credentials: "same-origin",
      keepalive: keepalive,
      headers: { "X-Requested-With": "fetch", Accept: "application/json" },
    });
  }

  function save() {
    if (inFlight || !dirty || halted) {
      return;
    }
    inFlight = true;
    dirty = false;
    announce(text.msgSaving);
    request(false)
      .then(function (response) {
        return response.json().then(
          function (data) {
            return { status: response.status, data: data };
          },
          function () {
            return { status: response.status, data: null };
          }
        );
      })
      .then(handle, failed);
  }

  function handle(result) {
    inFlight = false;
    var data = result.data;
    var code = result.status;
    if (code >= 500 || code === 429 || code < 200) {
      failed();
      return;
    }
    if (data && data.saved) {
      retryDelay = 0;
      setHidden(data.versions, data.fingerprints);
      showProgress(data.progress);
      announce(data.message);
      if (dirty) {
        schedule(CHOICE_DELAY);
      }
    } else if (data && data.conflict) {
      halted = true;
      dirty = true;
      announce(data.message);
      showConflicts(data.message, data.conflicts);
    } else if (code === 400 || code === 413) {
      // What was sent cannot be saved as it is: say what to fix; the next change saves.
      retryDelay = 0;
      dirty = false;
      announce(data && data.message ? data.message + " " + messagesOf(data.errors) : refusal(code));
    } else {
      halted = true;
      announce(data && data.message ? data.message : refusal(code));
    }
  }

  // A refusal without the server's own words (a proxy's page, Django's CSRF page).
  function refusal(code) {
    var message = {
      400: text.msgRejected,
      403: text.msgForbidden,
      404: text.msgGone,
      413: text.msgTooLarge,
    }[code];
    return message || text.msgRefused.replace("%(status)s", code);
  }

  function failed() {
    inFlight = false;
    dirty = true;
    announce(text.msgRetry);
    retryDelay = Math.min(Math.max(retryDelay * 2, 2000), MAX_RETRY_DELAY);
    schedule(retryDelay);
  }

  function messagesOf(errors) {
    return (errors || [])
      .map(function (error) {
        return error.message;
      })
      .join(" ");
  }

  function setField(name, value) {
    var field = form.elements.namedItem(name);
    if (field) {
      field.value = value;
    }
  }

  function setHidden(versions, fingerprints) {
    Object.keys(versions || {}).forEach(function (code) {
      setField(code + "-version", versions[code]);
      setField(code + "-was", fingerprints[code]);
    });
  }

  function showProgress(progress) {
    if (!progress) {
      return;
    }
    document.querySelectorAll("[data-progress-text]").forEach(function (element) {
      element.textContent = progress.text;
    });
    document.querySelectorAll("[data-progress-bar]").forEach(function (bar) {
      bar.max = progress.total;
      bar.value = progress.answered;
      bar.setAttribute("aria-valuetext", progress.text);
    });
  }

  function showConflicts(message, conflicts) {
    if (!conflictBox) {
      return;
    }
    var intro = conflictBox.querySelector("[data-conflict-intro]");
    if (intro && message) {
      intro.textContent = message;
    }
    var list = conflictBox.querySelector("[data-conflict-list]");
    list.textContent = "";
    conflicts.forEach(function (conflict) {
      var item = document.createElement("li");
      item.textContent = conflict.message;
      list.appendChild(item);
    });
    conflictBox.dataset.conflicts = JSON.stringify(conflicts);
    conflictBox.hidden = false;
    conflictBox.focus();
  }

  function keepMine() {
    var conflicts = JSON.parse(conflictBox.dataset.conflicts || "[]");
    conflicts.forEach(function (conflict) {
      setField(conflict.code + "-version", conflict.version);
      setField(conflict.code + "-was", conflict.was);
    });
    conflictBox.hidden = true;
    halted = false;
    dirty = true;
    save();
  }

  // The reason field matters only when the level differs from last year's.
  function toggleReason(fieldset) {
    var reason = fieldset.querySelector("[data-reason]");
    if (!reason) {
      return;
    }
    var chosen = fieldset.querySelector("input[type=radio]:checked");
    var differs = chosen && chosen.value !== fieldset.dataset.previous;
    var typed = reason.querySelector("textarea").value.trim() !== "";
    reason.hidden = !(differs || typed);
  }

  // The page is going away: hand the last changes to the browser to deliver. A beacon
  // carries no headers, so the form says it is an autosave itself.
  function saveOnLeave() {
    if (leaving || halted || !dirty) {
      return;
    }
    window.clearTimeout(timer);
    dirty = false;
    var body = formData();
    body.append("autosave", "1");
    if (!navigator.sendBeacon || !navigator.sendBeacon(form.action, body)) {
      request(true);
    }
  }

  form.querySelectorAll("fieldset[data-indicator]").forEach(toggleReason);

  form.addEventListener("change", function (event) {
    if (event.target.type === "radio") {
      toggleReason(event.target.closest("fieldset"));
      changed(CHOICE_DELAY);
    }
  });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") {
      changed(TYPING_DELAY);
    }
  });
  form.addEventListener("submit", function () {
    leaving = true;
    window.clearTimeout(timer);
  });
  if (conflictBox) {
    conflictBox.querySelector("[data-keep-mine]").addEventListener("click", keepMine);
    conflictBox.querySelector("[data-reload]").addEventListener("click", function () {
      leaving = true;
      window.location.reload();
    });
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      saveOnLeave();
    }
  });
  window.addEventListener("pagehide", saveOnLeave);
})();
