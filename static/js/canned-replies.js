/* The admin reply page: a canned reply's link fills the reply box in place (without JavaScript
   the link reloads the page with the box filled). */
(function () {
  "use strict";
  var box = document.querySelector("textarea[name=text]");
  if (!box) {
    return;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-canned-text]") : null;
    if (!link) {
      return;
    }
    event.preventDefault();
    box.value = link.getAttribute("data-canned-text");
    box.focus();
  });
})();
