/* Forms on pages cached for every reader carry no token of their own: fetch this reader's
   (CSRF token, and the comment form's timestamp) from a small uncached request and fill them in.
   Without JavaScript, each form links to the same page rendered with its tokens. */
(function () {
  "use strict";

  var fields = document.querySelectorAll("input[data-tokens-url]");
  var requests = {};
  Array.prototype.forEach.call(fields, function (field) {
    var url = field.getAttribute("data-tokens-url");
    if (!requests[url]) {
      requests[url] = fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(
        function (response) {
          if (!response.ok) {
            throw new Error("tokens: " + response.status);
          }
          return response.json();
        }
      );
    }
    requests[url]
      .then(function (tokens) {
        field.value = tokens[field.getAttribute("data-form-token")] || "";
      })
      .catch(function () {
        /* The form then fails the CSRF check and the reader gets Django's explanation. */
      });
  });
})();
