/* Suggestions under the header's search box, as the reader types.
 *
 * Progressive: without this script the box is a plain GET form to /search/. With it, the
 * input becomes an ARIA 1.2 combobox (list autocomplete): up to eight suggestions in a
 * listbox, arrow keys to move, Enter to open the highlighted one (or search when none is),
 * Escape to close; a polite live region says how many there are. Text is set with
 * textContent only, never as HTML. No inline styles: visibility is the `hidden` attribute.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-suggest-url]");
  if (!form || !window.fetch || !window.URLSearchParams) {
    return;
  }
  var input = form.querySelector("input[name='q']");
  if (!input) {
    return;
  }
  var endpoint = form.getAttribute("data-suggest-url");
  var listId = input.id + "-suggestions";
  var list = document.createElement("ul");
  list.id = listId;
  list.className = "site-search__suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggestions");
  list.hidden = true;
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  form.appendChild(list);
  form.appendChild(status);
  form.classList.add("site-search--enhanced");

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listId);

  var suggestions = [];
  var active = -1;
  var timer = null;
  var pending = null;
  var lastAsked = "";

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function setActive(index) {
    var options = list.querySelectorAll("[role='option']");
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    active = index;
    if (index >= 0 && options[index]) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function go(index) {
    var item = suggestions[index];
    if (item && item.url && item.url.charAt(0) === "/") {
      window.location.assign(item.url);
    }
  }

  function render(items) {
    suggestions = items;
    list.textContent = "";
    active = -1;
    items.forEach(function (item, i) {
      var option = document.createElement("li");
      option.id = listId + "-" + i;
      option.className = "site-search__option";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      var label = document.createElement("span");
      label.className = "site-search__label";
      label.textContent = item.label;
      option.appendChild(label);
      var meta = document.createElement("span");
      meta.className = "site-search__meta";
      meta.textContent = item.hint ? item.kind + " · “" + item.hint + "”" : item.kind;
      option.appendChild(meta);
      option.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keep focus in the input until we navigate
      });
      option.addEventListener("click", function () {
        go(i);
      });
      list.appendChild(option);
    });
    if (items.length) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent =
        items.length + (items.length === 1 ? " suggestion" : " suggestions") + ". Up and down arrows to choose.";
    } else {
      close();
      status.textContent = input.value.trim().length >= 2 ? "No suggestions. Press Enter to search." : "";
    }
  }

  function ask(value) {
    if (pending) {
      pending.abort();
    }
    lastAsked = value;
    var controller = window.AbortController ? new AbortController() : null;
    pending = controller;
    var params = new URLSearchParams({ q: value });
    fetch(endpoint + "?" + params.toString(), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) {
        return response.ok ? response.json() : { suggestions: [] };
      })
      .then(function (data) {
        if (value === lastAsked && value === input.value.trim()) {
          render(data.suggestions || []);
        }
      })
      .catch(function () {
        /* offline or aborted: the form still works */
      });
  }

  input.addEventListener("input", function () {
    var value = input.value.trim();
    window.clearTimeout(timer);
    if (value.length < 2) {
      render([]);
      return;
    }
    timer = window.setTimeout(function () {
      ask(value);
    }, 150);
  });

  input.addEventListener("keydown", function (event) {
    var open = !list.hidden && suggestions.length > 0;
    if (event.key === "ArrowDown") {
      if (open) {
        event.preventDefault();
        setActive(active + 1 >= suggestions.length ? 0 : active + 1);
      } else if (input.value.trim().length >= 2) {
        ask(input.value.trim());
      }
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      setActive(active <= 0 ? suggestions.length - 1 : active - 1);
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      go(active);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close();
    }
  });

  input.addEventListener("blur", function () {
    window.setTimeout(close, 150);
  });
})();
