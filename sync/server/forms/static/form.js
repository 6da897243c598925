// Autosave and progress for the web form. The form works without this file: it only saves
// the draft a moment after each change and shows how many required questions are answered.
(function () {
  "use strict";
  var form = document.getElementById("answer-form");
  if (!form || !window.XMLHttpRequest) { return; }
  var bar = form.querySelector(".progress");
  var meter = document.getElementById("progress");
  var text = document.getElementById("progress-text");
  var state = document.getElementById("save-state");
  var autosave = form.getAttribute("data-kind") === "assessment";
  var timer = null;
  var busy = false;
  var again = false;

  function answered(block) {
    var inputs = block.querySelectorAll("input, textarea");
    for (var i = 0; i < inputs.length; i++) {
      var el = inputs[i];
      if ((el.type === "radio" || el.type === "checkbox") ? el.checked : el.value.replace(/\s/g, "") !== "") {
        return true;
      }
    }
    return false;
  }

  function progress() {
    var blocks = form.querySelectorAll(".q[data-required='1']");
    var done = 0;
    for (var i = 0; i < blocks.length; i++) { if (answered(blocks[i])) { done++; } }
    meter.max = blocks.length || 1;
    meter.value = done;
    text.textContent = "必須 " + blocks.length + " 問中 " + done + " 問 回答済み";
  }

  function encode() {
    var parts = [];
    var els = form.elements;
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (!el.name || el.disabled || el.type === "submit") { continue; }
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { continue; }
      parts.push(encodeURIComponent(el.name) + "=" + encodeURIComponent(el.value));
    }
    return parts.join("&");
  }

  function save() {
    if (busy) { again = true; return; }
    busy = true;
    state.textContent = "保存しています…";
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.getAttribute("data-draft-url"));
    xhr.setRequestHeader("Content-Type", "application/x-www-form-urlencoded");
    xhr.onreadystatechange = function () {
      if (xhr.readyState !== 4) { return; }
      busy = false;
      if (xhr.status === 200) {
        try { state.textContent = "下書きを自動保存しました（" + JSON.parse(xhr.responseText).at + "）"; }
        catch (e) { state.textContent = "下書きを自動保存しました"; }
      } else {
        state.textContent = "自動保存できませんでした。「下書きを保存」を押してください。";
      }
      if (again) { again = false; save(); }
    };
    xhr.send(encode());
  }

  function changed() {
    progress();
    if (!autosave) { return; }
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, 1500);
  }

  bar.hidden = false;
  form.addEventListener("change", changed);
  form.addEventListener("input", changed);
  progress();
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
