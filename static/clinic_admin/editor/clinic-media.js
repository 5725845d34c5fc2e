// The clinic's editor extensions for django-prose-editor (loaded by its "configurable" preset).
//
// MediaFigure: the library's Figure node, whose "insert" button opens our media library (a
// staff-only admin page in a dialog) instead of asking for an image address. The page answers
// with postMessage; the image keeps its library id in data-file, and the server adds srcset,
// sizes and WebP when the post is saved.
//
// ClinicVideo: a video block holding a YouTube / Vimeo link or a library video. Readers get a
// click-to-load placeholder: nothing is requested from those sites until they press play.
import {
  Figure,
  Node,
  canInsertNode,
  crel,
  gettext,
  updateAttrsDialog,
} from "django-prose-editor/editor"

const PICK_MESSAGE = "clinic-media:pick"

// Show a library page in a modal dialog; resolves with the item picked there, or null.
export const openLibrary = (url, title) =>
  new Promise((resolve) => {
    const heading = crel("h2", { className: "clinic-library__title", textContent: title })
    const close = crel("button", {
      type: "button",
      className: "clinic-library__close",
      textContent: gettext("Close"),
    })
    const frame = crel("iframe", { src: url, title, className: "clinic-library__frame" })
    const dialog = crel("dialog", { className: "clinic-library", "aria-label": title }, [
      crel("div", { className: "clinic-library__bar" }, [heading, close]),
      frame,
    ])
    let picked = null
    const onMessage = (event) => {
      if (event.origin !== window.location.origin || event.source !== frame.contentWindow) return
      if (!event.data || event.data.type !== PICK_MESSAGE) return
      picked = event.data.item
      dialog.close()
    }
    window.addEventListener("message", onMessage)
    close.addEventListener("click", () => dialog.close())
    dialog.addEventListener("close", () => {
      window.removeEventListener("message", onMessage)
      dialog.remove()
      resolve(picked)
    })
    document.body.append(dialog)
    dialog.showModal()
  })

export const MediaFigure = Figure.extend({
  addOptions() {
    return { ...this.parent?.(), libraryUrl: null }
  },

  addCommands() {
    const commands = this.parent?.() || {}
    return {
      ...commands,
      insertFigure:
        () =>
        ({ editor, state, dispatch }) => {
          if (!this.options.libraryUrl) return commands.editImage()({ editor, state, dispatch })
          if (!canInsertNode(state, state.schema.nodes[this.name])) return false
          if (!dispatch) return true
          openLibrary(this.options.libraryUrl, gettext("Insert an image from the media library")).then(
            (image) => {
              if (!image) return
              const content = [
                {
                  type: "image",
                  attrs: {
                    src: image.src,
                    alt: image.alt,
                    file: String(image.id),
                    width: image.width,
                    height: image.height,
                  },
                },
              ]
              if (image.caption) {
                content.push({ type: "caption", content: [{ type: "text", text: image.caption }] })
              }
              editor.chain().focus().insertContent({ type: this.name, content }).run()
            },
          )
          return true
        },
    }
  },
})

export const ClinicVideo = Node.create({
  name: "clinicVideo",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addOptions() {
    return { libraryUrl: null }
  },

  addAttributes() {
    return {
      url: {
        default: "",
        parseHTML: (element) => element.getAttribute("data-video") || "",
        renderHTML: (attributes) => (attributes.url ? { "data-video": attributes.url } : {}),
      },
      file: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-video-file"),
        renderHTML: (attributes) => (attributes.file ? { "data-video-file": attributes.file } : {}),
      },
      title: {
        default: "",
        parseHTML: (element) => element.querySelector("figcaption")?.textContent?.trim() || "",
        renderHTML: () => ({}),
      },
    }
  },

  parseHTML() {
    return [
      { tag: "figure[data-video-file]", priority: 100 },
      { tag: "figure[data-video]", priority: 100 },
    ]
  },

  renderHTML({ node, HTMLAttributes }) {
    return ["figure", HTMLAttributes, ["figcaption", {}, node.attrs.title || gettext("Video")]]
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "clinicVideo",
      groups: "nodes",
      command: (editor) => editor.chain().focus().editVideo().run(),
      button: buttons.material("smart_display", gettext("video")),
      enabled: (editor) => editor.can().editVideo(),
      active: (editor) => editor.isActive("clinicVideo"),
    })
  },

  addCommands() {
    return {
      editVideo:
        () =>
        ({ editor, state, dispatch }) => {
          const selected = state.selection.node
          const current = selected?.type.name === this.name ? selected : null
          if (!current && !canInsertNode(state, state.schema.nodes[this.name])) return false
          if (!dispatch) return true
          let file = current?.attrs.file || null
          let fileUrl = current?.attrs.file ? current.attrs.url : null
          const libraryUrl = this.options.libraryUrl
          const properties = {
            url: {
              type: "string",
              title: gettext("YouTube or Vimeo link, or a video from the media library"),
              required: true,
              picker: libraryUrl
                ? {
                    label: gettext("Choose an uploaded video…"),
                    handler: ({ input }) =>
                      openLibrary(libraryUrl, gettext("Choose a video")).then((video) => {
                        if (!video) return
                        input.value = video.url
                        file = String(video.id)
                        fileUrl = video.url
                        const title = input.form?.elements.namedItem("title")
                        if (title && !title.value) title.value = video.title
                      }),
                  }
                : null,
            },
            title: { type: "string", title: gettext("What the video shows (readers see this)"), required: true },
          }
          updateAttrsDialog(properties, {
            title: current ? gettext("Edit the video") : gettext("Insert a video"),
            submitText: current ? gettext("Update") : gettext("Insert"),
          })(editor, { url: current?.attrs.url || "", title: current?.attrs.title || "" }).then((attrs) => {
            if (!attrs) return
            const url = attrs.url.trim()
            if (!url) return
            const values = { url, title: attrs.title.trim(), file: url === fileUrl ? file : null }
            if (current) {
              editor.chain().focus().updateAttributes(this.name, values).run()
            } else {
              editor.chain().focus().insertContent({ type: this.name, attrs: values }).run()
            }
          })
          return true
        },
    }
  },
})
