// The bar chart of the province page: data from the json_script "chart-data", label from the canvas's data-label.
// A file, not an inline script, so the Content-Security-Policy can refuse every inline script.
(function () {
  var canvas = document.getElementById("met-chart");
  var source = document.getElementById("chart-data");
  if (!canvas || !source || !window.Chart) { return; }
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {labels: data.labels, datasets: [{label: canvas.dataset.label, data: data.values, backgroundColor: "#1b6e3a"}]},
    options: {animation: false, aspectRatio: window.innerWidth < 576 ? 2 : 4, plugins: {legend: {display: false}, tooltip: {callbacks: {title: function (items) { return data.names[items[0].dataIndex]; }}}},
              scales: {y: {beginAtZero: true, ticks: {precision: 0}}}}
  });
})();
