// The newsroom's additions to the body editor (django-prose-editor, loaded as
// an ES module by its "configurable" preset; no build step).
//
// The editor keeps only what its schema knows, so every construct that
// core/sanitize.py allows in a body needs a node, mark or attribute here, or a
// load-and-save round trip would silently drop it:
//   <p class="lead">                       NewsroomParagraph (class "lead" only)
//   <blockquote class="pullquote" cite=…>  NewsroomBlockquote (+ "Pull quote" block)
//   <footer><cite>Name</cite></footer>     Attribution, the last child of a quotation
//   <cite>Title of a work</cite>           Cite (inline mark)
//   <img loading=…>                        NewsroomImage (Image plus `loading`)
import {
  Blockquote,
  crel,
  Image,
  Mark,
  mergeAttributes,
  Node,
  Paragraph,
} from "django-prose-editor/editor"

// Only the classes the sanitiser keeps; anything else would be dropped on save anyway.
// A menu button that says what it does in words (the icon font has no glyph for these).
function textButton(label, title = label) {
  return crel("button", {
    type: "button",
    className: "prose-menubar__button prose-menubar__button--text",
    textContent: label,
    title,
  })
}

function classAttribute(allowed) {
  return {
    default: null,
    parseHTML: (element) => (element.classList.contains(allowed) ? allowed : null),
    renderHTML: (attributes) => (attributes.class ? { class: attributes.class } : {}),
  }
}

export const NewsroomParagraph = Paragraph.extend({
  addAttributes() {
    return { ...this.parent?.(), class: classAttribute("lead") }
  },

  addMenuItems({ menu }) {
    menu.defineItem({
      name: "leadParagraph",
      groups: "blockType",
      command: (editor) => editor.chain().focus().setNode("paragraph", { class: "lead" }).run(),
      button: textButton("Lead paragraph"),
      option: crel("p", { className: "lead", textContent: "Lead paragraph" }),
      active: (editor) => editor.isActive("paragraph", { class: "lead" }),
    })
  },
})

export const Attribution = Node.create({
  name: "attribution",
  content: "inline*",
  defining: true,
  isolating: true,

  parseHTML() {
    return [
      { tag: "blockquote > footer", contentElement: "cite" },
      { tag: "blockquote > cite" },
    ]
  },

  // Read with the quotation by screen readers: it is inside the blockquote.
  renderHTML() {
    return ["footer", ["cite", 0]]
  },

  addCommands() {
    return {
      addAttribution:
        () =>
        ({ state, chain }) => {
          const quote = findQuote(state)
          if (!quote) return false
          const { node, pos } = quote
          const last = node.lastChild
          if (last && last.type.name === this.name) {
            // Already attributed: put the cursor at the end of the attribution.
            return chain()
              .setTextSelection(pos + node.nodeSize - 2)
              .run()
          }
          const end = pos + node.nodeSize - 1
          return chain()
            .insertContentAt(end, { type: this.name })
            .setTextSelection(end + 1)
            .run()
        },
    }
  },

  addMenuItems({ menu }) {
    menu.defineItem({
      name: "attribution",
      groups: "nodes",
      command: (editor) => editor.chain().focus().addAttribution().run(),
      button: textButton("Attribution", "Who said it: add an attribution to this quotation"),
      enabled: (editor) => Boolean(findQuote(editor.state)),
      active: (editor) => editor.isActive("attribution"),
    })
  },
})

function findQuote(state) {
  const { $from } = state.selection
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth)
    if (node.type.name === "blockquote") {
      return { node, pos: $from.before(depth) }
    }
  }
  return null
}

export const NewsroomBlockquote = Blockquote.extend({
  content: "block+ attribution?",

  addAttributes() {
    return {
      ...this.parent?.(),
      class: classAttribute("pullquote"),
      cite: {
        default: null,
        parseHTML: (element) => element.getAttribute("cite"),
        renderHTML: (attributes) => (attributes.cite ? { cite: attributes.cite } : {}),
      },
    }
  },

  addCommands() {
    return {
      ...this.parent?.(),
      togglePullquote:
        () =>
        ({ editor, commands }) => {
          if (editor.isActive("blockquote", { class: "pullquote" })) {
            return commands.updateAttributes("blockquote", { class: null })
          }
          if (editor.isActive("blockquote")) {
            return commands.updateAttributes("blockquote", { class: "pullquote" })
          }
          return commands.wrapIn("blockquote", { class: "pullquote" })
        },
    }
  },

  addMenuItems({ menu }) {
    menu.defineItem({
      name: "pullquote",
      groups: "blockType",
      command: (editor) => editor.chain().focus().togglePullquote().run(),
      button: textButton("Pull quote"),
      option: crel("p", { className: "pullquote", textContent: "Pull quote" }),
      active: (editor) => editor.isActive("blockquote", { class: "pullquote" }),
    })
  },
})

export const Cite = Mark.create({
  name: "cite",
  parseHTML() {
    return [{ tag: "cite" }]
  },
  renderHTML({ HTMLAttributes }) {
    return ["cite", mergeAttributes(HTMLAttributes), 0]
  },
})

export const NewsroomImage = Image.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      loading: {
        default: null,
        parseHTML: (element) => element.getAttribute("loading"),
        renderHTML: (attributes) => (attributes.loading ? { loading: attributes.loading } : {}),
      },
    }
  },
})
