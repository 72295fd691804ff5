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
      var lines = [body.error ? body.error.message + " (" + body.error.code + ")" : "The upload failed (HTTP " + xhr.status + ")."];
      (body.details || []).forEach(function (d) { lines.push(d.message + " (" + d.code + ")"); });
      status.textContent = lines.join(" ");
      status.focus();
    };
    xhr.onerror = function () { bar.hidden = true; status.textContent = "The connection failed; nothing was stored. Try again."; };
    bar.hidden = false; bar.value = 0;
    status.textContent = "Uploading…";
    xhr.send(new FormData(form));
  });
})();
