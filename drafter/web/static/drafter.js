// drafter's page script: text boxes that show figure references as chips, items added, moved and removed,
// "已核对" in one click, findings that lead to their field, Ctrl+S to save. No build step, no dependencies.
(function () {
  "use strict";
  var EXPR = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}/g;
  var lastEditor = null, lastRange = null, counter = 0, dirty = false;

  function chips() {
    var el = document.getElementById("chips");
    try { return el ? JSON.parse(el.textContent) : {}; } catch (e) { return {}; }
  }

  function chipLabel(raw) {
    var m = /^\{\{\s*([^\s{}.]+)\s*\}\}$/.exec(raw);
    var known = chips();
    return m && known[m[1]] ? known[m[1]] : raw;
  }

  function makeChip(raw) {
    var s = document.createElement("span");
    s.className = "chip";
    s.contentEditable = "false";
    s.dataset.raw = raw;
    s.textContent = chipLabel(raw);
    return s;
  }

  function fill(ed, raw) {
    ed.textContent = "";
    raw.split("\n").forEach(function (line) {
      var div = document.createElement("div"), pos = 0, m;
      EXPR.lastIndex = 0;
      while ((m = EXPR.exec(line)) !== null) {
        if (m.index > pos) div.appendChild(document.createTextNode(line.slice(pos, m.index)));
        div.appendChild(makeChip(m[0]));
        pos = m.index + m[0].length;
      }
      if (pos < line.length) div.appendChild(document.createTextNode(line.slice(pos)));
      if (!div.firstChild) div.appendChild(document.createElement("br"));
      ed.appendChild(div);
    });
  }

  // The editor's text as the YAML holds it: a line per paragraph, each chip as the reference it stands for.
  function serialize(ed) {
    var lines = [], cur = null;
    function push() { lines.push(cur === null ? "" : cur); cur = null; }
    function inline(n) {
      for (var c = n.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 3) { cur = (cur || "") + c.data.replace(/\u00a0/g, " "); }
        else if (c.nodeType !== 1) { continue; }
        else if (c.classList.contains("chip")) { cur = (cur || "") + c.dataset.raw; }
        else if (c.nodeName === "BR") { if (c.nextSibling) { push(); cur = ""; } else if (cur === null) { cur = ""; } }
        else if (c.nodeName === "DIV" || c.nodeName === "P") { if (cur !== null) push(); inline(c); push(); }
        else { inline(c); }
      }
    }
    inline(ed);
    if (cur !== null) push();
    return lines.join("\n");
  }

  function sync(ed) {
    var ta = ed.previousElementSibling;
    if (ta && ta.tagName === "TEXTAREA") ta.value = serialize(ed);
    markDirty();
  }

  function remember(ed) {
    var sel = window.getSelection();
    if (sel.rangeCount && ed.contains(sel.getRangeAt(0).startContainer)) {
      lastEditor = ed;
      lastRange = sel.getRangeAt(0).cloneRange();
    }
  }

  function buildEditor(ta) {
    if (ta.dataset.built) return;
    ta.dataset.built = "1";
    var ed = document.createElement("div");
    ed.className = "editor";
    ed.contentEditable = "true";
    ed.setAttribute("role", "textbox");
    ed.setAttribute("aria-multiline", "true");
    var label = document.getElementById("lb-" + ta.name);
    if (label) { ed.setAttribute("aria-labelledby", label.id); label.htmlFor = ""; }
    ed.dataset.name = ta.name;
    fill(ed, ta.value);
    ta.hidden = true;
    ta.after(ed);
    ed.addEventListener("input", function () { sync(ed); remember(ed); });
    ["keyup", "mouseup", "focus"].forEach(function (ev) { ed.addEventListener(ev, function () { remember(ed); }); });
    ed.addEventListener("focus", function () { lastEditor = ed; });
    ed.addEventListener("paste", function (e) {
      e.preventDefault();
      document.execCommand("insertText", false, (e.clipboardData || window.clipboardData).getData("text/plain"));
    });
    if (label) label.addEventListener("click", function () { ed.focus(); });
  }

  function insertChip(name) {
    var ed = lastEditor;
    if (!ed || !document.body.contains(ed)) {
      say("请先在正文里点一下要插入数字的位置，再点“插入”");
      return;
    }
    ed.focus();
    var sel = window.getSelection(), r;
    if (lastRange && ed.contains(lastRange.startContainer)) { r = lastRange; }
    else { r = document.createRange(); r.selectNodeContents(ed.lastElementChild || ed); r.collapse(false); }
    sel.removeAllRanges();
    sel.addRange(r);
    r.deleteContents();
    var c = makeChip("{{ " + name + " }}");
    r.insertNode(c);
    var after = document.createRange();
    after.setStartAfter(c);
    after.collapse(true);
    sel.removeAllRanges();
    sel.addRange(after);
    lastRange = after.cloneRange();
    sync(ed);
  }

  function say(text) {
    var d = document.getElementById("dirty");
    if (d) d.textContent = text;
  }

  function markDirty() {
    dirty = true;
    var d = document.getElementById("dirty");
    if (d) d.textContent = "有尚未保存的修改";
  }

  function focusField(field) {
    var steps = field.split("."), el = null;
    while (steps.length && !el) { el = document.getElementById("f-" + steps.join(".")); steps.pop(); }
    if (!el) return;
    el.scrollIntoView({ block: "center" });
    var target = el.matches("input, select, .editor") ? el
      : el.querySelector(".editor, input:not([type=hidden]), select, button");
    if (target) target.focus({ preventScroll: true });
    el.classList.add("flash");
    setTimeout(function () { el.classList.remove("flash"); }, 1600);
  }

  function addItem(button) {
    var list = button.dataset.list, part = button.dataset.part;
    var ol = null;
    document.querySelectorAll("ol.items").forEach(function (o) { if (o.dataset.list === list) ol = o; });
    var sub = list.split(".").length > 2;
    var tpl = document.getElementById("tpl-" + part + (sub ? "-sub" : ""));
    if (!ol || !tpl) return;
    counter += 1;
    var slot = "n-" + Date.now().toString(36).slice(-6) + counter;
    var holder = document.createElement("ol");
    holder.innerHTML = tpl.innerHTML.split("__BASE__").join(list + "." + slot);
    var li = holder.firstElementChild;
    ol.appendChild(li);
    init(li);
    li.querySelector("input.title").focus();
    markDirty();
  }

  function addFigure() {
    var tpl = document.getElementById("tpl-figure"), body = document.getElementById("figure-rows");
    if (!tpl || !body) return;
    counter += 1;
    var holder = document.createElement("tbody");
    holder.innerHTML = tpl.innerHTML.split("__SLOT__").join("n-" + counter);
    var row = holder.firstElementChild;
    body.appendChild(row);
    row.querySelector("input").focus();
    markDirty();
  }

  function toggleRemoved(li, removed) {
    li.classList.toggle("removed", removed);
    li.querySelectorAll("input, select, textarea").forEach(function (i) { i.disabled = removed; });
    li.querySelectorAll(".editor").forEach(function (e) { e.contentEditable = removed ? "false" : "true"; });
    var b = li.querySelector(":scope > .item-head .remove");
    b.textContent = removed ? "撤销删除" : "删除";
    b.setAttribute("aria-label", removed ? "撤销删除这一条" : "删除这一条");
    markDirty();
  }

  document.addEventListener("click", function (e) {
    var b = e.target.closest("button");
    if (!b) return;
    var li = b.closest("li.item");
    if (b.classList.contains("up") && li && li.previousElementSibling) {
      li.parentNode.insertBefore(li, li.previousElementSibling); b.focus(); markDirty();
    } else if (b.classList.contains("down") && li && li.nextElementSibling) {
      li.parentNode.insertBefore(li.nextElementSibling, li); b.focus(); markDirty();
    } else if (b.classList.contains("remove") && li) {
      toggleRemoved(li, !li.classList.contains("removed"));
    } else if (b.classList.contains("add")) {
      addItem(b);
    } else if (b.classList.contains("add-figure")) {
      addFigure();
    } else if (b.classList.contains("mark-reviewed")) {
      var box = b.closest(".review");
      box.querySelector("input").value = "true";
      box.classList.remove("pending");
      box.classList.add("done");
      box.querySelector(".flag").textContent = "已核对（保存后生效）";
      b.remove();
      var holder = box.closest(".unreviewed");
      if (holder) holder.classList.remove("unreviewed");
      markDirty();
    } else if (b.classList.contains("finding") && b.dataset.field) {
      focusField(b.dataset.field);
    } else if (b.id === "chip-insert") {
      insertChip(document.getElementById("chip-pick").value);
    }
  });

  document.addEventListener("input", function (e) {
    if (e.target.closest && e.target.closest("#year-form")) markDirty();
  });

  document.addEventListener("keydown", function (e) {
    if ((e.ctrlKey || e.metaKey) && (e.key === "s" || e.key === "S")) {
      var f = document.getElementById("year-form");
      if (f) { e.preventDefault(); f.requestSubmit(); }
    }
  });

  window.addEventListener("beforeunload", function (e) {
    if (dirty && document.getElementById("year-form")) { e.preventDefault(); e.returnValue = ""; }
  });

  function init(root) {
    root.querySelectorAll("textarea[data-editor]").forEach(buildEditor);
    root.querySelectorAll("a[data-autodownload]").forEach(function (a) { a.removeAttribute("data-autodownload"); a.click(); });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (e) {
    var from = e.detail.requestConfig && e.detail.requestConfig.elt;
    if (from && from.id === "year-form" && e.detail.xhr && e.detail.xhr.status === 200) { dirty = false; }
    init(document);
  });
  document.addEventListener("htmx:beforeRequest", function (e) {
    if (e.detail.elt && e.detail.elt.id === "year-form") say("正在保存……");
  });
})();
