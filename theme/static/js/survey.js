/* Progressive enhancement of the survey journey's step pages (theme/templates/api/survey/step.html).
   Without this file every step still works: the two buttons post the HTML form, the API
   validates it and answers with the next page, and the city is chosen on a page of its own.
   With it: the answers are saved as they are given (autosave), kept on this device until they
   are saved, and the city is picked from the gazetteer as it is typed (ARIA 1.2 combobox, in
   city-combobox.js, loaded before this file; wired below, given this file's text()).
   Texts come from the page's data-text-* attributes only; everything the API sends back is
   inserted with textContent. */
(function () {
  "use strict";

  var SAVE_DELAY = 1500; /* ms after the last change */
  var SUBMIT_WAIT = 10000; /* the longest a button waits for an autosave still on its way */
  var STORAGE_PREFIX = "cf-survey:";

  /* The page's own words: the template translates them into data-text-* attributes.
     One pass with a function: a value holding "$&" or "{count}" is shown as it is. */
  function text(el, name, values) {
    var value = el.getAttribute("data-text-" + name) || "";
    return value.replace(/\{(\w+)\}/g, function (whole, key) {
      return values && Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  function isBlank(value) {
    return typeof value === "string" && value.replace(/\s+/g, "") === "";
  }

  /* What the API reads from a step, as forms.js sends it: one value per field, arrays for
     multiple-choice groups, numbers for scales, blank values left out. `withHidden` adds the
     hidden fields (token, version, return); the chosen city's id is a field like the others. */
  function serialise(form, withHidden) {
    var body = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.type === "submit" || el.type === "button") { return; }
      if (el.type === "hidden" && !withHidden && !el.hasAttribute("data-city-id")) { return; }
      if (el.hasAttribute("data-multiple")) {
        if (!body[el.name]) { body[el.name] = []; }
        if (el.checked) { body[el.name].push(el.value); }
        return;
      }
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      if (isBlank(el.value)) { return; }
      body[el.name] = el.hasAttribute("data-number") ? Number(el.value) : el.value;
    });
    Object.keys(body).forEach(function (key) {
      if (Array.isArray(body[key]) && body[key].length === 0) { delete body[key]; }
    });
    return body;
  }

  /* The same values always give the same string, whatever order their keys were read in. */
  function fingerprint(values) {
    return JSON.stringify(Object.keys(values || {}).sort().map(function (key) {
      return [key, values[key]];
    }));
  }

  /* Put stored values back into the form's visible fields (and the chosen city's id). */
  function fill(form, values) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.type === "submit" || el.type === "button") { return; }
      if (el.type === "hidden" && !el.hasAttribute("data-city-id")) { return; }
      var has = Object.prototype.hasOwnProperty.call(values, el.name);
      var value = has ? values[el.name] : null;
      if (el.hasAttribute("data-multiple")) {
        el.checked = Array.isArray(value) && value.map(String).indexOf(el.value) !== -1;
      } else if (el.type === "radio" || el.type === "checkbox") {
        el.checked = value !== null && String(value) === el.value;
      } else {
        el.value = value === null ? "" : String(value);
      }
    });
  }

  /* An absolute URL from an attribute. Not form.action: the buttons are named "action", and a
     named control hides the form's property of the same name. */
  function absolute(url) {
    var link = document.createElement("a");
    link.href = url;
    return link.href;
  }

  /* localStorage, or nothing: private modes and blocked storage throw on use. */
  function deviceStore(key) {
    var store = null;
    try {
      store = window.localStorage;
      store.setItem(STORAGE_PREFIX + "test", "1");
      store.removeItem(STORAGE_PREFIX + "test");
    } catch (e) {
      store = null;
    }
    return {
      read: function () {
        if (!store) { return null; }
        try {
          var copy = JSON.parse(store.getItem(key) || "null");
          return copy && typeof copy === "object" && copy.values && typeof copy.values === "object" ? copy : null;
        } catch (e) {
          return null;
        }
      },
      write: function (version, values, sent) {
        if (!store) { return; }
        try {
          store.setItem(key, JSON.stringify({ version: version, saved_at: Date.now(), values: values, sent: sent }));
        } catch (e) { /* full or refused: the server copy is all there is */ }
      },
      clear: function () {
        if (!store) { return; }
        try { store.removeItem(key); } catch (e) { /* nothing to do */ }
      }
    };
  }

  /* The step as the server has it now: the page again (same address, same token), read, not run. */
  function serverCopy(form) {
    return fetch(window.location.href, { headers: { "Accept": "text/html" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var other = page.getElementById(form.id);
        var version = other && other.querySelector("input[data-draft-version]");
        if (!version) { throw new Error("no step form"); }
        return { version: version.value, values: fingerprint(serialise(other, false)) };
      });
  }

  /* ---- Saving as you go */

  function autosave(form) {
    var action = absolute(form.getAttribute("action"));
    var versionField = form.querySelector("input[data-draft-version]");
    var tokenField = form.querySelector('input[name="t"]');
    var status = form.querySelector("[data-autosave-status]");
    /* Keyed by the step, not its ?lang=: what was typed comes back in any language. */
    var store = deviceStore(STORAGE_PREFIX + action.split("?")[0]);
    var saved = fingerprint(serialise(form, false)); /* what the server holds */
    /* What this device sent on this version without hearing back (offline, or sent as the
       page went away): if the server has one of them, the newer version is our own save. */
    var sent = [];
    var sentNow = null; /* the values of the save on its way */
    var timer = null;
    var inFlight = false;
    var queued = false;
    var stopped = false; /* saved elsewhere: saving now would overwrite newer answers */
    var submitting = false;
    var afterFlight = [];
    var lead = ""; /* "we put your answers back", kept until the person changes something */
    var lastButton = null;

    function show(words) {
      var shown = lead && words ? lead + " " + words : lead || words;
      if (status && status.textContent !== shown) { status.textContent = shown; }
    }

    function version() {
      return versionField ? versionField.value : "";
    }

    function remember() {
      store.write(version(), serialise(form, false), sent);
    }

    /* The server has `values` at `newVersion`: this page goes on from there. */
    function caughtUp(newVersion, values) {
      if (versionField) { versionField.value = String(newVersion); }
      saved = values;
      sent = [];
      if (fingerprint(serialise(form, false)) === values) {
        store.clear();
        show(text(form, "saved"));
      } else {
        remember();
        if (timer === null) { queued = true; } /* what was changed since goes next */
      }
    }

    function conflict() {
      stopped = true;
      queued = false;
      window.clearTimeout(timer);
      show(text(form, "changed"));
    }

    function landed() {
      inFlight = false;
      var waiting = afterFlight;
      afterFlight = [];
      waiting.forEach(function (callback) { callback(); });
      if (queued && !stopped && !submitting) {
        queued = false;
        save(false);
      }
    }

    function answered(response, data) {
      if (response.ok && data && data.status === "saved" && typeof data.version === "number") {
        caughtUp(data.version, sentNow);
        return null;
      }
      if (response.status === 409) {
        /* Saved since this page was read. By this device, if what the server has is one of
           our own saves that went unanswered; then go on. By someone else: stop. */
        return serverCopy(form).then(function (server) {
          if (sent.indexOf(server.values) === -1) { throw new Error("changed elsewhere"); }
          caughtUp(server.version, server.values);
        }).catch(conflict);
      }
      if (response.status === 422) {
        /* Mid-typing, a field may not be valid yet: the buttons show the problems. The values
           stay on this device; the next change tries again. */
        show("");
        return null;
      }
      show(text(form, "not-saved"));
      return null;
    }

    function save(keepalive) {
      window.clearTimeout(timer);
      timer = null;
      if (stopped || submitting) { return; }
      if (inFlight) { queued = true; return; }
      var values = fingerprint(serialise(form, false));
      if (values === saved) { return; }
      var body = serialise(form, true);
      body.t = tokenField ? tokenField.value : "";
      body.version = Number(version());
      body.action = "autosave";
      inFlight = true;
      sentNow = values;
      if (sent.indexOf(values) === -1) { sent = sent.slice(-4).concat([values]); }
      remember();
      fetch(action, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        body: JSON.stringify(body),
        credentials: "same-origin",
        keepalive: Boolean(keepalive) /* a save started as the page is hidden still arrives */
      }).then(function (response) {
        return response.json().catch(function () { return null; }).then(function (data) {
          return answered(response, data);
        });
      }).catch(function () {
        show(text(form, "not-saved")); /* offline: kept on this device, tried on the next change */
      }).then(landed);
    }

    function changed() {
      if (stopped) { return; }
      lead = "";
      remember();
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { save(false); }, SAVE_DELAY);
    }

    function isTextField(el) {
      return el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && /^(text|email|search|tel|url|number)$/.test(el.type));
    }

    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("focusout", function (event) {
      var next = event.relatedTarget;
      if (next && next.form === form && next.type === "submit") { return; } /* the button posts it all */
      if (isTextField(event.target) && timer !== null) { save(false); }
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { save(true); } /* does nothing when all is saved */
    });

    /* The buttons post the HTML form as usual; the server validates the whole step. Only the
       version must be the latest: an autosave still on its way raises it, so wait for it. */
    form.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest('button[type="submit"]');
      if (button && button.form === form) { lastButton = button; }
    });
    form.addEventListener("submit", function (event) {
      window.clearTimeout(timer);
      timer = null;
      submitting = true;
      if (!inFlight) {
        store.clear();
        return;
      }
      event.preventDefault();
      var button = event.submitter || lastButton;
      var done = false;
      function send() {
        if (done) { return; }
        done = true;
        inFlight = false;
        store.clear();
        if (form.requestSubmit && button) {
          form.requestSubmit(button);
          return;
        }
        if (button && button.name) {
          var chosen = document.createElement("input");
          chosen.type = "hidden";
          chosen.name = button.name;
          chosen.value = button.value;
          form.appendChild(chosen);
        }
        HTMLFormElement.prototype.submit.call(form);
      }
      afterFlight.push(send);
      window.setTimeout(send, SUBMIT_WAIT);
    });
    /* Back to this page from the browser's cache: it is live again. */
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) { submitting = false; }
    });

    /* A copy from this device, typed on this same version of the draft and not saved yet,
       goes back in; a copy of another version would overwrite newer answers: dropped. */
    var copy = store.read();
    if (copy) {
      if (String(copy.version) !== version() || fingerprint(copy.values) === saved) {
        store.clear();
      } else {
        sent = Array.isArray(copy.sent) ? copy.sent.filter(function (item) { return typeof item === "string"; }) : [];
        fill(form, copy.values);
        lead = text(form, "restored");
        show("");
        save(false);
      }
    }

    return { changed: changed };
  }

  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    var saving = autosave(form);
    if (form.hasAttribute("data-places")) {
      var city = form.querySelector('input[name="city"]');
      var shared = window.CitizenFocus;
      if (city && shared && shared.cityCombobox) { shared.cityCombobox(form, city, saving.changed, text); }
    }
  });
}());
