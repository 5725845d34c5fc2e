// Accessible names and roles for parts of Django's admin that lack them (found with axe-core):
// Select2's autocomplete boxes and search fields, the rich-text editor, and the empty header
// cell of tabular inlines. Select2's dropdown opens inside <main>, so it sits in a landmark.
(() => {
  const $ = window.django && window.django.jQuery
  if ($ && $.fn.select2 && $.fn.select2.defaults) {
    const main = document.querySelector("main")
    if (main) $.fn.select2.defaults.set("dropdownParent", $(main))
  }

  const labelOf = (field) => {
    if (!field || !field.id) return null
    const label = document.querySelector(`label[for="${field.id}"]`)
    if (label && !label.id) label.id = `${field.id}_label`
    return label
  }
  const text = (label, field) => (label ? label.textContent : field?.name || "").replace(/[:*]\s*$/, "").trim()

  const nameSelect2 = () => {
    document.querySelectorAll(".select2-container").forEach((container) => {
      const select = container.previousElementSibling?.tagName === "SELECT" ? container.previousElementSibling : null
      if (!select) return
      const label = labelOf(select)
      const name = text(label, select)
      if (!name) return
      container.querySelectorAll("input.select2-search__field:not([aria-label])").forEach((input) => {
        input.setAttribute("aria-label", `Search ${name}`)
      })
      container.querySelectorAll(".select2-selection[role=combobox]").forEach((box) => {
        const rendered = box.querySelector(".select2-selection__rendered[id]")
        if (label && !box.dataset.named) {
          box.setAttribute("aria-labelledby", [label.id, rendered?.id].filter(Boolean).join(" "))
          box.dataset.named = "1"
        }
        if (box.hasAttribute("aria-owns")) box.setAttribute("aria-controls", box.getAttribute("aria-owns"))
        else box.removeAttribute("aria-controls")
      })
      container.querySelectorAll(".select2-selection__rendered[role=textbox]:not([aria-label])").forEach((box) => {
        box.setAttribute("aria-label", `${name}: chosen`)
      })
      container.querySelectorAll("[role=combobox][aria-owns]").forEach((box) => {
        box.setAttribute("aria-controls", box.getAttribute("aria-owns"))
      })
    })
    document.querySelectorAll(".select2-container--open .select2-search--dropdown input:not([aria-label])").forEach((input) => {
      input.setAttribute("aria-label", "Type to search")
    })
  }

  const nameInlineHeaders = () => {
    document.querySelectorAll("table thead th.original").forEach((cell) => {
      if (!cell.textContent.trim()) {
        const hidden = document.createElement("span")
        hidden.className = "visually-hidden"
        hidden.textContent = "Saved entry"
        cell.append(hidden)
      }
    })
  }

  // The editor's editable area is named by the field's label (django-prose-editor dispatches this).
  document.addEventListener("prose-editor:ready", (event) => {
    const { editor, textarea } = event.detail
    const label = labelOf(textarea)
    const area = editor.view.dom
    if (label) area.setAttribute("aria-labelledby", label.id)
    else area.setAttribute("aria-label", textarea.name)
    area.setAttribute("aria-multiline", "true")
  })

  document.addEventListener("DOMContentLoaded", () => {
    nameSelect2()
    nameInlineHeaders()
    const touchesSelect2 = (node) =>
      node.nodeType === 1 &&
      (node.matches(".select2-container, .select2-search__field, .select2-search, .select2-selection__rendered") ||
        node.querySelector(".select2-container, .select2-search__field"))
    new MutationObserver((mutations) => {
      if (
        mutations.some(
          (m) =>
            (m.type === "attributes" && m.target.closest?.(".select2-container")) ||
            [...m.addedNodes].some(touchesSelect2),
        )
      ) {
        nameSelect2()
      }
    }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["aria-owns"] })
    if ($) {
      $(document).on("formset:added", nameInlineHeaders)
      $(document).on("select2:open select2:close", () => setTimeout(nameSelect2, 0))
    }
  })
})()
