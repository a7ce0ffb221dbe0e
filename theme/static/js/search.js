/* Site search with Pagefind's own index (built by plugins.pagefind_index). No framework, no UI
   bundle: the results are built from text nodes; Pagefind's excerpts keep only their <mark>s. */
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.querySelector("form[data-search]");
  var results = document.querySelector("[data-search-results]");
  var status = document.querySelector("[data-search-status]");
  var input = form.querySelector('input[name="q"]');
  var pagefind = null;

  /* The page's own words: search.html translates them into data-text-* attributes of the form.
     One pass with a function, so a query holding "{count}" or "$&" is shown as it was typed. */
  function text(el, name, values) {
    return (el.getAttribute("data-text-" + name) || "").replace(/\{(\w+)\}/g, function (all, key) {
      return values && Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }

  function load() {
    if (!pagefind) {
      pagefind = import(script.getAttribute("data-bundle")).then(function (module) {
        return module.init().then(function () { return module; });
      });
    }
    return pagefind;
  }

  /* Copy an excerpt's text and <mark> elements only: nothing else from it reaches the page. */
  function excerptNodes(html) {
    var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    var out = document.createElement("p");
    doc.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function render(query, items) {
    results.textContent = "";
    items.forEach(function (data) {
      var item = document.createElement("li");
      var heading = document.createElement("h2");
      var link = document.createElement("a");
      link.href = data.url;
      link.textContent = (data.meta && data.meta.title) || data.url;
      heading.appendChild(link);
      item.appendChild(heading);
      item.appendChild(excerptNodes(data.excerpt || ""));
      results.appendChild(item);
    });
    status.textContent = items.length
      ? text(form, "results", { query: query, count: items.length })
      : text(form, "no-results", { query: query });
  }

  function search(query) {
    if (!query.trim()) { results.textContent = ""; status.textContent = ""; return; }
    status.textContent = text(form, "searching");
    load().then(function (module) { return module.search(query); })
      .then(function (found) {
        return Promise.all(found.results.slice(0, 20).map(function (r) { return r.data(); }));
      })
      .then(function (items) { render(query, items); })
      .catch(function () { status.textContent = text(form, "failed"); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value;
    history.replaceState(null, "", "?q=" + encodeURIComponent(query));
    search(query);
  });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; search(initial); }
}());
