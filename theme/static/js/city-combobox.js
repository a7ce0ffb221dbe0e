/* The city field of the survey's first step (theme/templates/api/survey/step.html) as an
   ARIA 1.2 combobox: the city is picked from the gazetteer as it is typed. survey.js, loaded
   after this file, wires it to its form and passes in the page-text helper. Without this file
   the page still works: the city is typed as plain text and chosen on a page of its own.
   Everything the API sends back is inserted with textContent. */
(function () {
  "use strict";

  var SEARCH_DELAY = 250; /* ms after the last key in the city field */
  var MIN_CHARS = 2;
  var MAX_OPTIONS = 8;

  /* ---- The city, picked from the gazetteer as it is typed
     https://www.w3.org/WAI/ARIA/apg/patterns/combobox/ (list autocomplete, no automatic
     selection): focus stays in the text field, aria-activedescendant names the option. */

  function combobox(form, input, onChoose, text) {
    var cityId = form.querySelector("input[data-city-id]");
    var country = form.querySelector('select[name="country"]');
    var label = form.querySelector('label[for="' + input.id + '"]');
    var listbox = document.createElement("ul");
    var live = document.createElement("div");
    var places = [];
    var active = -1;
    var timer = null;
    var asked = 0; /* answers to older questions are dropped */

    listbox.id = input.id + "-listbox";
    listbox.className = "combobox-listbox";
    listbox.setAttribute("role", "listbox");
    listbox.hidden = true;
    if (label) {
      if (!label.id) { label.id = input.id + "-label"; }
      listbox.setAttribute("aria-labelledby", label.id);
    }
    live.className = "visually-hidden";
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    input.parentNode.insertBefore(listbox, input.nextSibling);
    input.parentNode.insertBefore(live, listbox.nextSibling);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    function announce(words) {
      live.textContent = "";
      window.setTimeout(function () { live.textContent = words; }, 50);
    }

    function isOpen() {
      return !listbox.hidden;
    }

    function highlight(index) {
      var options = listbox.children;
      active = index;
      Array.prototype.forEach.call(options, function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        if (options[index].scrollIntoView) { options[index].scrollIntoView({ block: "nearest" }); }
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      highlight(-1);
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function open() {
      if (!places.length) { return; }
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function render(found, shown) {
      places = found.slice(0, MAX_OPTIONS);
      listbox.textContent = "";
      places.forEach(function (place, i) {
        var option = document.createElement("li");
        option.id = listbox.id + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.className = "combobox-option";
        option.textContent = place.name;
        listbox.appendChild(option);
      });
      highlight(-1);
      if (places.length && shown) { open(); } else { close(); }
    }

    function choose(index) {
      var place = places[index];
      if (!place) { return; }
      input.value = place.name;
      if (cityId) { cityId.value = place.id; }
      close();
      onChoose();
    }

    function search() {
      var typed = input.value.replace(/^\s+|\s+$/g, "");
      var code = country ? country.value : "";
      var question = ++asked;
      if (typed.length < MIN_CHARS || !code) {
        places = [];
        close();
        return;
      }
      var url = form.getAttribute("data-places") + "?country=" + encodeURIComponent(code) +
        "&q=" + encodeURIComponent(typed);
      fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (data) {
          if (question !== asked) { return; }
          var found = (data && Array.isArray(data.places) ? data.places : []).filter(function (place) {
            return place && typeof place.id === "string" && typeof place.name === "string";
          });
          var focused = document.activeElement === input;
          render(found, focused);
          if (!focused) { return; } /* the person has moved on: the list opens with Down */
          announce(places.length ? text(form, "places-found", { count: places.length }) : text(form, "no-places"));
        })
        .catch(function () {
          if (question === asked) { places = []; close(); } /* the page after the step lists them */
        });
    }

    input.addEventListener("input", function () {
      if (cityId) { cityId.value = ""; } /* typed again: the chosen place no longer holds */
      highlight(-1);
      window.clearTimeout(timer);
      timer = window.setTimeout(search, SEARCH_DELAY);
    });

    input.addEventListener("keydown", function (event) {
      var count = places.length;
      switch (event.key) {
        case "ArrowDown":
        case "Down":
          if (!count) { return; }
          event.preventDefault();
          if (!isOpen()) { open(); if (!event.altKey) { highlight(0); } return; }
          if (!event.altKey) { highlight(active + 1 < count ? active + 1 : 0); }
          return;
        case "ArrowUp":
        case "Up":
          if (!count) { return; }
          event.preventDefault();
          if (!isOpen()) { open(); highlight(count - 1); return; }
          highlight(active > 0 ? active - 1 : count - 1);
          return;
        case "Enter":
          if (isOpen() && active >= 0) {
            event.preventDefault(); /* chooses the place; the form is not sent */
            choose(active);
          } else if (isOpen()) {
            close();
          }
          return;
        case "Escape":
        case "Esc":
          if (isOpen()) {
            event.preventDefault();
            close();
          } else if (input.value !== "") {
            event.preventDefault();
            input.value = "";
            if (cityId) { cityId.value = ""; }
            places = [];
            onChoose();
          }
          return;
        case "Tab":
          close(); /* leaves the field as typed: nothing is chosen */
          return;
        case "ArrowLeft":
        case "ArrowRight":
        case "Left":
        case "Right":
        case "Home":
        case "End":
          highlight(-1); /* back to the text: the caret moves */
          return;
        default:
          return;
      }
    });

    input.addEventListener("blur", close);
    /* A press on an option keeps the focus in the text field, then the click chooses it. */
    listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });
    listbox.addEventListener("click", function (event) {
      var option = event.target.closest && event.target.closest('[role="option"]');
      if (!option) { return; }
      choose(Array.prototype.indexOf.call(listbox.children, option));
      input.focus();
    });

    if (country) {
      country.addEventListener("change", function () {
        if (cityId) { cityId.value = ""; } /* a place of another country */
        places = [];
        asked += 1;
        close();
      });
    }
  }

  /* cityCombobox(form, input, onChoose, text): onChoose() runs when a place is chosen or the
     field is cleared; text() is survey.js's reader of the page's data-text-* words. */
  window.CitizenFocus = window.CitizenFocus || {};
  window.CitizenFocus.cityCombobox = combobox;
}());
