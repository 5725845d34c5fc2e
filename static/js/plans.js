/* The plan page: show a Print button (printing works without it, from the browser's menu). */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-print-plan]");
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
  var link = document.getElementById("plan-share-link");
  if (link) {
    link.addEventListener("focus", function () {
      link.select();
    });
  }
})();
