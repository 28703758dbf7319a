// The criteria-set editor's "add an indicator" form goes to the page of the code typed (its path holds the code).
(function () {
  var form = document.getElementById("add-indicator");
  if (!form) { return; }
  form.addEventListener("submit", function () {
    form.action = form.dataset.base + encodeURIComponent(form.code.value) + "/";
  });
})();
