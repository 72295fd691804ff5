// The declaration view's source pane: a value's link opens its page image beside the table
// with the value's box highlighted. Without JavaScript the same link opens the page image
// with the box drawn by the server. Boxes are in PDF points or image pixels; data-scale
// turns them into pixels of the rendered page, and the page's shown size does the rest.
(function () {
  "use strict";
  var view = document.getElementById("source-view");
  var img = document.getElementById("source-page");
  var box = document.getElementById("source-box");
  var caption = document.getElementById("source-caption");
  var field = document.getElementById("field");
  var current = null;
  if (!view || !img || !box) return;

  function place() {
    if (!current || !img.naturalWidth) return;
    var b = current.getAttribute("data-bbox").split(",").map(Number);
    var k = Number(current.getAttribute("data-scale")) * img.clientWidth / img.naturalWidth;
    box.style.left = (img.offsetLeft + b[0] * k - 3) + "px";
    box.style.top = (img.offsetTop + b[1] * k - 3) + "px";
    box.style.width = ((b[2] - b[0]) * k + 6) + "px";
    box.style.height = ((b[3] - b[1]) * k + 6) + "px";
    box.hidden = false;
  }

  function show(link) {
    if (current) current.removeAttribute("aria-current");
    current = link;
    link.setAttribute("aria-current", "true");
    view.hidden = false;
    // The caption names the value in words (data-label); data-field stays the path the
    // amend form takes.
    var label = link.getAttribute("data-label") || link.getAttribute("data-field");
    caption.textContent = label + " – " + link.getAttribute("data-where");
    var src = link.getAttribute("data-page-src");
    if (img.getAttribute("src") === src && img.complete) {
      place();
    } else {
      box.hidden = true;
      img.alt = "Page image: " + link.getAttribute("data-where");
      img.src = src;
    }
    if (field && !field.value) field.value = link.getAttribute("data-field");
  }

  img.addEventListener("load", place);
  window.addEventListener("resize", place);
  document.addEventListener("click", function (e) {
    var link = e.target.closest ? e.target.closest("a.source-link") : null;
    if (!link || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    show(link);
  });
})();
