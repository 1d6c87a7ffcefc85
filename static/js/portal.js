// The portal's one script, loaded on every public page (the Content-Security-Policy allows no inline script).
// Everything it does is an enhancement: every page reads and every form sends without it.
document.addEventListener("DOMContentLoaded", function () {
  // "In" (print) buttons.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  // The menu's disclosures (<details data-menu>, open and usable without this script): a click elsewhere closes
  // them, and Escape closes the one the focus is in, returning the focus to its button.
  var menus = document.querySelectorAll("details[data-menu]");
  document.addEventListener("click", function (event) {
    menus.forEach(function (menu) {
      if (menu.open && !menu.contains(event.target)) { menu.open = false; }
    });
  });
  document.addEventListener("keydown", function (event) {
    var menu = event.key === "Escape" && document.activeElement && document.activeElement.closest("details[data-menu][open]");
    if (menu) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });

  // "Thêm dòng" on a unit's registration: a copy of the last row of the entries formset, renumbered.
  var addRow = document.querySelector("[data-add-row]");
  if (addRow) {
    addRow.addEventListener("click", function () {
      var total = document.getElementById("id_entries-TOTAL_FORMS");
      var rows = document.querySelectorAll("#entries .entry-row");
      var row = rows[rows.length - 1].cloneNode(true);
      var index = parseInt(total.value, 10);
      row.querySelectorAll("select, input").forEach(function (field) {
        field.name = field.name.replace(/entries-\d+-/, "entries-" + index + "-");
        field.id = field.id.replace(/entries-\d+-/, "entries-" + index + "-");
        if (field.type === "checkbox") { field.checked = false; } else { field.value = ""; }
      });
      document.querySelector("#entries tbody").appendChild(row);
      total.value = index + 1;
    });
  }
});
