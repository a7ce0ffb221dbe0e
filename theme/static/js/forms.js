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
     {"respondent": {...}, "answers": {...}}. */
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
    });
    return form.hasAttribute("data-respondent") ? nestSurvey(form, body) : body;
  }

  function nestSurvey(form, flat) {
    var respondentNames = form.getAttribute("data-respondent").split(" ").filter(Boolean);
    var passThrough = [];
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

  /* The page's own words: templates translate them into data-text-* attributes. */
  function text(el, name, values) {
    var value = el.getAttribute("data-text-" + name) || "";
    /* One pass with a function: a value holding "$&" or "{count}" is shown as it is. */
    return value.replace(/\{(\w+)\}/g, function (whole, key) {
      return values && Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  function parts(form) {
    var summary = document.getElementById(form.id.replace(/-form$/, "-summary"));
    return {
      summary: summary,
      list: summary.querySelector("[data-error-list]"),
      message: summary.querySelector("[data-form-message]"),
      live: form.parentNode.querySelector("[data-live]")
    };
  }

  function announce(form, words) {
    var live = parts(form).live;
    live.textContent = "";
    window.setTimeout(function () { live.textContent = words; }, 50);
  }

  function clearErrors(form) {
    var p = parts(form);
    p.summary.hidden = true;
    p.list.textContent = "";
    p.message.hidden = true;
    p.message.textContent = "";
    form.querySelectorAll(".has-error").forEach(function (el) { el.classList.remove("has-error"); });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    form.querySelectorAll(".field-error").forEach(function (el) { el.hidden = true; el.textContent = ""; });
  }

  /* The summary the API renders without JavaScript, built again in place: the same markup,
     one link per problem in the order of the page, focused. */
  function showSummary(form) {
    var p = parts(form);
    p.summary.hidden = false;
    p.summary.focus();
  }

  function linkTo(control, words) {
    var link = document.createElement("a");
    link.href = "#" + control.id;
    link.textContent = words;
    return link;
  }

  function showFieldErrors(form, errors) {
    var p = parts(form);
    var shown = {};
    form.querySelectorAll("[data-field]").forEach(function (wrapper) {
      var name = wrapper.getAttribute("data-field");
      if (!Object.prototype.hasOwnProperty.call(errors, name)) { return; }
      shown[name] = true;
      var message = String(errors[name]);
      var controls = fieldControls(form, name);
      var slot = wrapper.querySelector(".field-error");
      if (slot) {
        var prefix = document.createElement("span");
        prefix.className = "visually-hidden";
        prefix.textContent = text(form, "error-prefix") + " ";
        slot.appendChild(prefix);
        slot.appendChild(document.createTextNode(message));
        slot.hidden = false;
      }
      wrapper.classList.add("has-error");
      var folded = wrapper.closest("details");
      if (folded) { folded.open = true; }
      controls.forEach(function (el) { el.setAttribute("aria-invalid", "true"); });
      var item = document.createElement("li");
      item.appendChild(controls.length ? linkTo(controls[0], wrapper.getAttribute("data-error-label") + ": " + message) : document.createTextNode(message));
      p.list.appendChild(item);
    });
    Object.keys(errors).forEach(function (name) {
      if (shown[name]) { return; }
      var item = document.createElement("li");
      item.textContent = String(errors[name]);
      p.list.appendChild(item);
    });
    showSummary(form);
    var count = Object.keys(errors).length;
    announce(form, count === 1 ? text(form, "one-problem") : text(form, "problems", { count: count }));
  }

  function showMessage(form, words) {
    var p = parts(form);
    p.message.textContent = words;
    p.message.hidden = false;
    showSummary(form);
    announce(form, words);
  }

  function showSuccess(form) {
    var done = document.createElement("div");
    done.className = "confirmation";
    done.setAttribute("tabindex", "-1");
    var heading = document.createElement("h2");
    heading.textContent = text(form, "thanks");
    var paragraph = document.createElement("p");
    paragraph.textContent = form.getAttribute("data-success");
    done.appendChild(heading);
    done.appendChild(paragraph);
    form.hidden = true;
    form.parentNode.insertBefore(done, form);
    done.focus();
    announce(form, paragraph.textContent);
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
          var words = (data && (data.error || data.message)) || text(form, "failed", { status: response.status });
          showMessage(form, String(words));
        });
      }).catch(function () {
        showMessage(form, text(form, "offline"));
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

  /* A date of the API ("2026-11-20", a calendar day) in the page's language: "20 novembre
     2026" on /fr/. Read and formatted as UTC, so that no time zone moves it to another day;
     as it came where the browser cannot format it. */
  var dayFormat = null;
  function localDate(iso) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!parts) { return ""; }
    try {
      if (!dayFormat) {
        dayFormat = new Intl.DateTimeFormat(document.documentElement.lang || undefined,
          { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
      }
      return dayFormat.format(new Date(Date.UTC(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3]))));
    } catch (error) {
      return iso;
    }
  }

  function showEndorsers(section) {
    // "no-cache": the browser asks again rather than show its own copy of the last minute's
    // list, so that someone who has just confirmed sees themselves counted; shared caches
    // (the CDN) still serve the API's max-age.
    fetch(section.getAttribute("data-endorsements"), { headers: { "Accept": "application/json" }, cache: "no-cache" })
      .then(function (response) { if (!response.ok) { throw new Error(String(response.status)); } return response.json(); })
      .then(function (data) {
        var count = Number(data.count) || 0;
        var listed = data.endorsers && data.endorsers.length;
        section.querySelector("[data-endorsement-count]").textContent =
          text(section, listed ? "count-listed" : "count", { count: count });
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
          var day = localDate(person.date);
          if (day) {
            var date = document.createElement("time");
            date.setAttribute("datetime", person.date);
            date.textContent = day;
            item.appendChild(document.createTextNode(", "));
            item.appendChild(date);
          }
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
        state.textContent = survey.open ? text(box, "open") : text(box, "not-open");
      })
      .catch(function () { /* the build-time status stays */ });
  }

  document.querySelectorAll("form[data-enhance]").forEach(enhance);
  document.querySelectorAll("[data-endorsements]").forEach(showEndorsers);
  document.querySelectorAll("[data-survey-status]").forEach(showSurveyStatus);
}());
