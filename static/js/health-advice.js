/* Warns, as the reader types, that a comment seems to share personal contact or medical
   details. The server applies the real rule (comments/personal_details.py); this is only a
   friendly early notice, so it errs on the quiet side. */
(function () {
  "use strict";

  var warning = document.getElementById("health-advice-warning");
  var form = document.getElementById("comment-form");
  var textarea = form ? form.querySelector("textarea[name=comment]") : null;
  if (!warning || !textarea) {
    return;
  }
  var kindsSlot = warning.querySelector("[data-health-kinds]");
  textarea.setAttribute("aria-describedby", ((textarea.getAttribute("aria-describedby") || "") + " health-advice health-advice-warning").trim());

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  var phrases = (warning.getAttribute("data-phrases") || "").split("|").filter(Boolean).map(function (phrase) {
    return escapeRegExp(phrase.trim().toLowerCase().replace(/\u2019/g, "'")).replace(/'/g, "['\u2019]").replace(/\s+/g, "\\s+");
  });
  var phrasePattern = phrases.length ? new RegExp("(^|[^\\w])(" + phrases.join("|") + ")(?![\\w])", "i") : null;

  var checks = [
    ["an email address", /[\w.+-]+@[\w-]+(\.[\w-]+)+/],
    ["a phone number", /(^|[^\w+\/])(\+|00)\(?\d[\d\s().\-]{7,}\d|(^|[^\w\/])0\d{2,4}[\s\-]?\d{3,4}[\s\-]?\d{3,4}(?![\w\/])/],
    ["a date of birth", /\b(d\.?o\.?b\.?|date\s+of\s+birth|born\s+(on|in)?\s*\d)/i],
    ["an NHS or insurance number", /\b(nhs|policy|membership|patient|hospital|insurance)\s+(no\.?|number)\b/i]
  ];

  var timer = null;
  function check() {
    var text = textarea.value;
    var kinds = checks.filter(function (item) { return item[1].test(text); }).map(function (item) { return item[0]; });
    if (phrasePattern && phrasePattern.test(text)) {
      kinds.push("your own medical details");
    }
    kindsSlot.textContent = kinds.join(", ");
    warning.hidden = kinds.length === 0;
  }
  textarea.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 400);
  });
  check();
})();
