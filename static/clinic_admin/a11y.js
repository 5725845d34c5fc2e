// Accessible names for parts of Django's admin that have none: the search boxes Select2 adds to
// autocomplete fields (in the field, and in the open dropdown) and its selection boxes.
(() => {
  const labelFor = (select) => {
    if (!select) return ""
    const label = select.id && document.querySelector(`label[for="${select.id}"]`)
    return (label ? label.textContent : select.name || "").replace(/[:*]\s*$/, "").trim()
  }
  const name = (root) => {
    root.querySelectorAll(".select2-container").forEach((container) => {
      const select = container.previousElementSibling?.tagName === "SELECT" ? container.previousElementSibling : null
      const text = labelFor(select)
      if (!text) return
      container.querySelectorAll("input.select2-search__field:not([aria-label])").forEach((input) => {
        input.setAttribute("aria-label", `Search ${text}`)
      })
      container.querySelectorAll(".select2-selection[role=combobox]:not([aria-label])").forEach((box) => {
        if (!box.getAttribute("aria-labelledby") || !document.getElementById(box.getAttribute("aria-labelledby"))) {
          box.setAttribute("aria-label", text)
        }
      })
    })
    // The open dropdown's search box belongs to whichever field opened it.
    document.querySelectorAll(".select2-container--open .select2-search--dropdown input:not([aria-label])").forEach((input) => {
      input.setAttribute("aria-label", "Type to search")
    })
  }
  document.addEventListener("DOMContentLoaded", () => {
    name(document)
    const touchesSelect2 = (node) =>
      node.nodeType === 1 &&
      (node.matches(".select2-container, .select2-search__field, .select2-search") ||
        node.querySelector(".select2-container, .select2-search__field"))
    new MutationObserver((mutations) => {
      if (mutations.some((m) => [...m.addedNodes].some(touchesSelect2))) name(document)
    }).observe(document.body, { childList: true, subtree: true })
  })
})()
