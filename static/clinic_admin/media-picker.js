// The media library page inside the editor's dialog: "Insert" (and a fresh upload) hands the item
// to the editor that opened the dialog, through postMessage to this site's own origin only.
(() => {
  const inFrame = window.parent !== window
  const pick = (item) => window.parent.postMessage({ type: "clinic-media:pick", item }, window.location.origin)
  document.addEventListener("DOMContentLoaded", () => {
    if (!inFrame) {
      document.querySelector(".media-picker__standalone")?.removeAttribute("hidden")
      document.querySelectorAll("[data-pick]").forEach((button) => button.setAttribute("hidden", ""))
      return
    }
    const layout = document.querySelector("[data-uploaded]")
    if (layout) pick(JSON.parse(layout.dataset.uploaded))
    document.addEventListener("click", (event) => {
      const button = event.target.closest("[data-pick]")
      if (button) pick(JSON.parse(button.dataset.pick))
    })
  })
})()
