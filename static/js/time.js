// Shows every <time datetime> in the reader's own time zone; the UTC value stays in its title.
(function () {
  const format = new Intl.DateTimeFormat(undefined, {
    year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit",
  });
  function localize(root) {
    root.querySelectorAll("time[datetime]").forEach(function (el) {
      const moment = new Date(el.getAttribute("datetime"));
      if (!isNaN(moment)) el.textContent = format.format(moment);
    });
  }
  localize(document);
  window.batonLocalizeTimes = localize;
})();
