// The post form: a live character count under fields marked data-count-chars (the SEO description).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-count-chars]").forEach((field) => {
    const advised = Number(field.dataset.countChars)
    const counter = document.createElement("div")
    counter.className = "help char-count"
    counter.id = `${field.id}_count`
    counter.setAttribute("aria-live", "polite")
    const describedBy = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean)
    field.setAttribute("aria-describedby", [...describedBy, counter.id].join(" "))
    const update = () => {
      const length = field.value.length
      counter.textContent = `${length} characters; search engines show about ${advised}.`
      counter.classList.toggle("char-count--over", length > advised)
    }
    field.addEventListener("input", update)
    const help = field.closest("div")?.querySelector(".help")
    ;(help || field).after(counter)
    update()
  })
})
