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
      ? items.length + (items.length === 1 ? " result" : " results") + " for " + query
      : "No results for " + query + ". Try fewer or different words.";
  }

  function search(query) {
    if (!query.trim()) { results.textContent = ""; status.textContent = ""; return; }
    status.textContent = "Searching…";
    load().then(function (module) { return module.search(query); })
      .then(function (found) {
        return Promise.all(found.results.slice(0, 20).map(function (r) { return r.data(); }));
      })
      .then(function (items) { render(query, items); })
      .catch(function () { status.textContent = "Search is not available right now. Please try again later."; });
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
