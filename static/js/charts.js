// Draws every chart a page declares: <div data-chart="ID"> with its figure in
// <script type="application/json" id="ID"> (built in Python, reports/charts.py).
(function () {
  "use strict";
  if (!window.Plotly) {
    return; // the tables beside the charts carry the same numbers
  }
  var config = { displaylogo: false, displayModeBar: false, responsive: true };
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var source = document.getElementById(element.dataset.chart);
    if (!source) {
      return;
    }
    var figure = JSON.parse(source.textContent);
    window.Plotly.newPlot(element, figure.data, figure.layout, config);
  });
})();
