// Highlight toggles on the article and read pages: each checkbox shows or hides one kind of span.
// No inline handlers (the Content-Security-Policy forbids them): listeners are attached here.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var text = document.getElementById("article-text");
  var toggles = document.getElementById("toggles");
  if (!text || !toggles) return;
  toggles.querySelectorAll("input[data-kind]").forEach(function (box) {
    box.addEventListener("change", function () {
      text.classList.toggle("hide-" + box.dataset.kind, !box.checked);
    });
  });
});
