// Progressive enhancement of the upload form: drag and drop, and a progress bar.
// Without JavaScript the form posts to /upload as it is; with it, the same files go to
// /api/uploads so that progress and refusals can be shown without leaving the page.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  var input = document.getElementById("files");
  var zone = document.getElementById("drop-zone");
  var bar = document.getElementById("progress");
  var status = document.getElementById("status");
  var refusal = document.getElementById("refusal");
  if (!form || !window.FormData || !window.DataTransfer) return;
  document.getElementById("drop-hint").hidden = false;

  ["dragenter", "dragover"].forEach(function (t) {
    zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (t) {
    zone.addEventListener(t, function () { zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (e) {
    e.preventDefault();
    var dt = new DataTransfer();
    Array.prototype.forEach.call(input.files, function (f) { dt.items.add(f); });
    Array.prototype.forEach.call(e.dataTransfer.files, function (f) { dt.items.add(f); });
    input.files = dt.files;
    status.textContent = input.files.length + " file(s) chosen.";
  });

  // The same box as the server's error page (macros.error_box): the reason in bold with its
  // code, then one line per refused file. Text only (textContent): messages name files.
  function line(parent, tag, message, code) {
    var el = document.createElement(tag);
    el.appendChild(document.createTextNode(message + " "));
    if (code) {
      var c = document.createElement("span");
      c.className = "code";
      c.textContent = "(" + code + ")";
      el.appendChild(c);
    }
    parent.appendChild(el);
    return el;
  }

  function showRefusal(error, details) {
    status.textContent = "";
    refusal.textContent = "";
    var p = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = error.message;
    p.appendChild(strong);
    if (error.code) line(p, "span", "", error.code);
    refusal.appendChild(p);
    if (details.length) {
      var ul = document.createElement("ul");
      details.forEach(function (d) { line(ul, "li", d.message, d.code); });
      refusal.appendChild(ul);
    }
    refusal.hidden = false;
    refusal.focus();
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/uploads");
    xhr.setRequestHeader("X-CSRF-Token", form.elements.csrf_token.value);
    xhr.upload.onprogress = function (p) {
      if (p.lengthComputable) bar.value = Math.round((100 * p.loaded) / p.total);
    };
    xhr.onload = function () {
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (err) { /* not JSON */ }
      if (xhr.status === 201) {
        window.location = "/uploads/" + body.upload_ref + "?email=" + body.email;
        return;
      }
      bar.hidden = true;
      showRefusal(body.error || { message: "The upload failed (HTTP " + xhr.status + "); nothing was stored." }, body.details || []);
    };
    xhr.onerror = function () {
      bar.hidden = true;
      showRefusal({ message: "The connection failed; nothing was stored. Try again." }, []);
    };
    bar.hidden = false; bar.value = 0;
    refusal.hidden = true;
    status.textContent = "Uploading…";
    xhr.send(new FormData(form));
  });
})();
