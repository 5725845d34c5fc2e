/* Comment replies: move the one comment form under the comment being answered.
   Without JavaScript the "Reply" links open a reply page, so nothing here is essential. */
(function () {
  "use strict";

  var respond = document.getElementById("respond");
  var form = document.getElementById("comment-form");
  if (!respond || !form) {
    return;
  }
  var home = document.createComment("comment form home");
  respond.parentNode.insertBefore(home, respond);
  var title = document.getElementById("respond-title");
  var defaultTitle = title.textContent;
  var cancel = document.getElementById("cancel-reply");
  var replyTo = form.querySelector("input[name=reply_to]");
  var textarea = form.querySelector("textarea");
  var lastLink = null;

  function reset(focusLink) {
    home.parentNode.insertBefore(respond, home.nextSibling);
    replyTo.value = "0";
    title.textContent = defaultTitle;
    cancel.hidden = true;
    if (focusLink && lastLink) {
      lastLink.focus();
    }
    lastLink = null;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-reply-to]") : null;
    if (!link) {
      return;
    }
    var article = document.querySelector("#c" + link.getAttribute("data-reply-to") + " > article");
    if (!article) {
      return;
    }
    event.preventDefault();
    lastLink = link;
    article.parentNode.insertBefore(respond, article.nextSibling);
    replyTo.value = link.getAttribute("data-reply-to");
    title.textContent = "Reply to " + link.getAttribute("data-reply-name");
    cancel.hidden = false;
    textarea.focus();
  });

  cancel.addEventListener("click", function () {
    reset(true);
  });

  // Escape closes an open reply form (anywhere inside it) and returns focus to its Reply link.
  respond.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && lastLink) {
      event.preventDefault();
      reset(true);
    }
  });

  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (submitter && submitter.name === "post") {
      // One click, one comment: the server also stores a form sent twice only once.
      window.setTimeout(function () {
        submitter.disabled = true;
      }, 0);
    }
  });
})();
