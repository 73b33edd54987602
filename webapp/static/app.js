/* Kho Dân vận: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  document.addEventListener("DOMContentLoaded", function () {
    // the sort menu applies itself
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });

    // "cite this": copy button
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var target = document.getElementById(button.getAttribute("data-copy"));
      if (!target || !navigator.clipboard) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(target.value).then(function () {
          button.textContent = "Đã sao chép";
        });
      });
    });
  });

  document.addEventListener("keydown", function (event) {
    // facet values are links that act as checkboxes: Space ticks them too
    if (event.key === " " && event.target.matches && event.target.matches("a[role=checkbox]")) {
      event.preventDefault();
      event.target.click();
      return;
    }
    var help = document.getElementById("help");
    // Escape closes the query-syntax help
    if (event.key === "Escape" && help && help.open) {
      help.open = false;
      help.querySelector("summary").focus();
      return;
    }
    // "/" jumps to the search box (unless typing somewhere)
    var tag = (event.target.tagName || "").toLowerCase();
    if (event.key === "/" && tag !== "input" && tag !== "textarea" && tag !== "select") {
      var box = document.getElementById("q");
      if (box) { event.preventDefault(); box.focus(); box.select(); }
    }
  });

  // a click outside the help popover closes it
  document.addEventListener("click", function (event) {
    var help = document.getElementById("help");
    if (help && help.open && !help.contains(event.target)) { help.open = false; }
  });
}());
