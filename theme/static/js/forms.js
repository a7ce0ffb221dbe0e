/* Progressive enhancement for the endorsement and survey forms, and the live endorsers list.
   Without this file the forms post as plain HTML and the API redirects to a thank-you page.
   Everything the API sends back is inserted with textContent: names are other people's input. */
(function () {
  "use strict";

  function fieldControls(form, name) {
    return Array.prototype.filter.call(form.elements, function (el) { return el.name === name; });
  }

  /* JSON body: one value per field, arrays for multiple-choice groups, numbers for scales;
     empty values left out. The survey nests its fields as the API expects:
     {"respondent": {...}, "answers": {...}, "edit_token": ...}. */
  function serialise(form) {
    var body = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.type === "submit") { return; }
      if (el.hasAttribute("data-multiple")) {
        if (!body[el.name]) { body[el.name] = []; }
        if (el.checked) { body[el.name].push(el.value); }
        return;
      }
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      body[el.name] = el.hasAttribute("data-number") ? Number(el.value) : el.value;
    });
    Object.keys(body).forEach(function (key) {
      if (Array.isArray(body[key]) && body[key].length === 0) { delete body[key]; }
      if (key === "edit_token" && !body[key]) { delete body[key]; }
    });
    return form.hasAttribute("data-respondent") ? nestSurvey(form, body) : body;
  }

  function nestSurvey(form, flat) {
    var respondentNames = form.getAttribute("data-respondent").split(" ").filter(Boolean);
    var passThrough = ["edit_token"];
    var honeypot = form.querySelector(".hp input");
    if (honeypot) { passThrough.push(honeypot.name); }
    var body = { respondent: {}, answers: {} };
    Object.keys(flat).forEach(function (key) {
      if (passThrough.indexOf(key) !== -1) { body[key] = flat[key]; }
      else if (respondentNames.indexOf(key) !== -1) { body.respondent[key] = flat[key]; }
      else { body.answers[key] = flat[key]; }
    });
    return body;
  }

  /* The edit link in the survey's email carries ?edit_token=...: fill it in and show it. */
  function fillEditCode(box) {
    var match = /[?&]edit_token=([^&#]+)/.exec(window.location.search);
    if (!match) { return; }
    box.querySelector('input[name="edit_token"]').value = decodeURIComponent(match[1]);
    box.open = true;
  }

  function parts(form) {
    var section = form.parentNode;
    return {
      summary: section.querySelector(".error-summary"),
      list: section.querySelector("[data-error-list]"),
      message: section.querySelector("[data-form-message]"),
      live: section.querySelector("[data-live]")
    };
  }

  function announce(form, text) {
    var live = parts(form).live;
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  function clearErrors(form) {
    var p = parts(form);
    p.summary.hidden = true;
    p.list.textContent = "";
    p.message.hidden = true;
    form.querySelectorAll(".has-error").forEach(function (el) { el.classList.remove("has-error"); });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    form.querySelectorAll(".field-error").forEach(function (el) { el.hidden = true; el.textContent = ""; });
  }

  function showFieldErrors(form, errors) {
    var p = parts(form);
    var names = Object.keys(errors);
    names.forEach(function (name) {
      var message = String(errors[name]);
      var controls = fieldControls(form, name);
      var item = document.createElement("li");
      if (controls.length) {
        var wrapper = form.querySelector('[data-field="' + name.replace(/"/g, "") + '"]');
        var slot = wrapper && wrapper.querySelector(".field-error");
        if (slot) { slot.textContent = message; slot.hidden = false; }
        if (wrapper) { wrapper.classList.add("has-error"); }
        var folded = wrapper && wrapper.closest("details");
        if (folded) { folded.open = true; }
        controls.forEach(function (el) { el.setAttribute("aria-invalid", "true"); });
        var link = document.createElement("a");
        link.href = "#" + controls[0].id;
        link.textContent = message;
        link.addEventListener("click", function (event) {
          event.preventDefault();
          controls[0].focus();
        });
        item.appendChild(link);
      } else {
        item.textContent = message;
      }
      p.list.appendChild(item);
    });
    p.summary.hidden = false;
    p.summary.focus();
    announce(form, names.length === 1 ? "There is 1 problem with the form." : "There are " + names.length + " problems with the form.");
  }

  function showMessage(form, text) {
    var p = parts(form);
    p.message.textContent = text;
    p.message.hidden = false;
    announce(form, text);
  }

  function showSuccess(form) {
    var done = document.createElement("div");
    done.className = "confirmation";
    done.setAttribute("tabindex", "-1");
    var heading = document.createElement("h2");
    heading.textContent = "Thank you";
    var text = document.createElement("p");
    text.textContent = form.getAttribute("data-success");
    done.appendChild(heading);
    done.appendChild(text);
    form.hidden = true;
    form.parentNode.insertBefore(done, form);
    done.focus();
    announce(form, text.textContent);
  }

  function enhance(form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector('button[type="submit"]');
      clearErrors(form);
      button.disabled = true;
      fetch(form.action, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        body: JSON.stringify(serialise(form)),
        credentials: "same-origin"
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          if (response.ok) { showSuccess(form); return; }
          if (response.status === 422 && data && data.errors) { showFieldErrors(form, data.errors); return; }
          var text = (data && (data.error || data.message)) ||
            "Sorry, something went wrong (error " + response.status + "). Please try again later.";
          showMessage(form, String(text));
        });
      }).catch(function () {
        showMessage(form, "Sorry, we could not reach the server. Check your connection and try again.");
      }).then(function () { button.disabled = false; });
    });
  }

  /* Labels the page already has: country names from the select, organisation types from radios. */
  function labelsFor(name) {
    var labels = {};
    document.querySelectorAll('select[name="' + name + '"] option').forEach(function (o) { labels[o.value] = o.textContent; });
    document.querySelectorAll('input[name="' + name + '"]').forEach(function (input) {
      var label = document.querySelector('label[for="' + input.id + '"]');
      if (label) { labels[input.value] = label.textContent; }
    });
    return labels;
  }

  function showEndorsers(section) {
    fetch(section.getAttribute("data-endorsements"), { headers: { "Accept": "application/json" } })
      .then(function (response) { if (!response.ok) { throw new Error(String(response.status)); } return response.json(); })
      .then(function (data) {
        var count = Number(data.count) || 0;
        section.querySelector("[data-endorsement-count]").textContent =
          "The Manifesto has " + count + (count === 1 ? " confirmed endorsement" : " confirmed endorsements") +
          " through this site" + (data.endorsers && data.endorsers.length ? ". Those who chose to be listed:" : ".");
        var list = section.querySelector("[data-endorser-list]");
        var countries = labelsFor("country");
        var types = labelsFor("organisation_type");
        (data.endorsers || []).forEach(function (person) {
          var item = document.createElement("li");
          var name = document.createElement("strong");
          name.textContent = person.name || "";
          item.appendChild(name);
          var details = [person.organisation, types[person.organisation_type] || person.organisation_type,
            countries[person.country] || person.country].filter(Boolean).join(", ");
          item.appendChild(document.createTextNode(details ? ", " + details : ""));
          list.appendChild(item);
        });
        list.hidden = list.children.length === 0;
      })
      .catch(function () { /* keep the build-time figure: it is still true */ });
  }

  function showSurveyStatus(box) {
    fetch(box.getAttribute("data-survey-status"), { headers: { "Accept": "application/json" } })
      .then(function (response) { if (!response.ok) { throw new Error(String(response.status)); } return response.json(); })
      .then(function (survey) {
        var state = box.querySelector("[data-survey-state]");
        state.textContent = survey.open ? "The survey is open." : "The survey is not open: you can read the questions, but answers are accepted only from " +
          box.getAttribute("data-opens") + " to " + box.getAttribute("data-closes") + ".";
      })
      .catch(function () { /* the build-time status stays */ });
  }

  document.querySelectorAll("form[data-enhance]").forEach(enhance);
  document.querySelectorAll("[data-endorsements]").forEach(showEndorsers);
  document.querySelectorAll("[data-survey-status]").forEach(showSurveyStatus);
  document.querySelectorAll("[data-edit-code]").forEach(fillEditCode);
}());
