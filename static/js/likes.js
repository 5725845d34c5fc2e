/* Like / unlike without reloading the page. Without JavaScript the same form posts and
   the page comes back at #likes, so nothing here is essential. */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-like-form]") || !window.fetch) {
      return;
    }
    event.preventDefault();
    var button = form.querySelector("button");
    var actionField = form.querySelector("input[name=action]");
    var summary = document.querySelector("[data-like-summary]");
    button.disabled = true;
    // getAttribute: the form has a field named "action", which hides the form.action property.
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("like failed: " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        button.setAttribute("aria-pressed", data.liked ? "true" : "false");
        actionField.value = data.liked ? "unlike" : "like";
        if (summary) {
          summary.innerHTML = data.summary;
        }
      })
      .catch(function () {
        form.submit(); // fall back to the plain form: the page reloads with the result
      })
      .finally(function () {
        button.disabled = false;
      });
  });
})();
