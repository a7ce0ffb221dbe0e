/* The language a visitor reads the site in: remembered when they read a page that exists in it,
   so that a page available in English only can say so in their language. No redirect, ever. */
(function () {
  "use strict";
  var KEY = "citizen-focus-language";
  var store;
  try { store = window.localStorage; } catch (error) { return; }
  if (!store) { return; }
  function ready(run) {
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", run); } else { run(); }
  }
  ready(function () {
    var chosen = document.body.getAttribute("data-language-chosen");
    if (chosen) {
      try { store.setItem(KEY, chosen); } catch (error) { /* private mode: nothing to remember */ }
      return;
    }
    var wanted = store.getItem(KEY);
    var note = document.querySelector("[data-language-note]");
    if (!wanted || !note || wanted === document.documentElement.lang) { return; }
    var found = false;
    Array.prototype.forEach.call(note.querySelectorAll("[data-language]"), function (line) {
      var match = line.getAttribute("data-language") === wanted;
      line.hidden = !match;
      found = found || match;
    });
    note.hidden = !found;
  });
})();
