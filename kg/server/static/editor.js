// The SPARQL editor page: YASGUI on this server's endpoint, with the named queries.
// Autocompleters that call remote services (prefix.cc, LOV) are switched off: the page works offline.
(function () {
  "use strict";
  var root = document.getElementById("yasgui");
  var endpoint = new URL(root.getAttribute("data-endpoint"), window.location.href).toString();
  var queries = JSON.parse(document.getElementById("named-queries").textContent);
  var localCompleters = ["variables", "prefixes"];
  Yasgui.Yasqe.defaults.autocompleters = localCompleters.slice();
  Yasgui.Yasqe.defaults.prefixCcApi = null;
  var yasgui = new Yasgui(root, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: null,
    yasqe: { autocompleters: localCompleters.slice(), prefixCcApi: null },
  });
  window.kgYasgui = yasgui;
  function load(index, run) {
    var q = queries[index];
    var tab = yasgui.getTab();
    tab.setEndpoint(endpoint);
    tab.setQuery(q.query);
    document.querySelectorAll("button.named-query").forEach(function (b) {
      b.classList.toggle("active", b.getAttribute("data-index") === String(index));
    });
    if (run) { tab.getYasqe().query(); }
  }
  document.querySelectorAll("button.named-query").forEach(function (button) {
    button.addEventListener("click", function () { load(Number(button.getAttribute("data-index")), true); });
  });
  if (queries.length && !yasgui.getTab().getQuery().trim()) { load(0, false); }
})();
