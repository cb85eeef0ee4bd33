// Optional niceties; every page works without this file.
// "/" focuses the search box, as on most search sites.
document.addEventListener("keydown", function (e) {
  if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
  var t = e.target;
  if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable)) return;
  var box = document.getElementById("q-home") || document.getElementById("q");
  if (box) { e.preventDefault(); box.focus(); box.select(); }
});
