(function () {
  "use strict";
  var q = document.getElementById("q");
  var items = Array.prototype.slice.call(document.querySelectorAll("article.item"));
  var boxes = Array.prototype.slice.call(document.querySelectorAll(".filter input"));
  var byLabel = document.getElementById("groups-label");
  var byPage = document.getElementById("groups-page");
  var shown = document.getElementById("shown");

  function update() {
    var text = q.value.trim().toLowerCase();
    var on = {};
    boxes.forEach(function (b) { on[b.value] = b.checked; });
    var count = 0;
    items.forEach(function (it) {
      var visible = on[it.dataset.label] && (!text || it.dataset.search.indexOf(text) !== -1);
      it.hidden = !visible;
      if (visible) { count += 1; }
    });
    document.querySelectorAll("section.group").forEach(function (g) {
      g.hidden = !g.querySelector("article.item:not([hidden])");
    });
    shown.textContent = shown.dataset.template.replace("{shown}", count).replace("{total}", items.length);
  }

  function group(byPages) {
    items.forEach(function (it) {
      var home = (byPages ? byPage : byLabel).querySelector(
        'section.group[data-group="' + (byPages ? it.dataset.page : it.dataset.label) + '"]');
      if (home) { home.appendChild(it); }
    });
    byPage.hidden = !byPages;
    byLabel.hidden = byPages;
    document.getElementById("by-page").classList.toggle("on", byPages);
    document.getElementById("by-label").classList.toggle("on", !byPages);
    document.getElementById("by-page").setAttribute("aria-pressed", String(byPages));
    document.getElementById("by-label").setAttribute("aria-pressed", String(!byPages));
    update();
  }

  q.addEventListener("input", update);
  boxes.forEach(function (b) { b.addEventListener("change", update); });
  document.getElementById("by-page").addEventListener("click", function () { group(true); });
  document.getElementById("by-label").addEventListener("click", function () { group(false); });
  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { q.value = params.get("q"); }
  if (params.get("group") === "page") { group(true); } else { update(); }
}());
