// Draws the dashboard charts from the JSON the server embedded (no data is fetched).
(function () {
  function draw() {
    if (!window.echarts) return;
    var data = JSON.parse(document.getElementById("stats-charts").textContent);
    var percent = { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } };

    // Tooltips are built as elements, not HTML strings: ECharts' own markup carries inline style
    // attributes, which the CSP (style-src 'self') strips; element.style set from script is allowed.
    function line(color, text) {
      var row = document.createElement("div");
      var dot = document.createElement("span");
      dot.className = "chart-dot";
      dot.style.backgroundColor = color;
      row.appendChild(dot);
      row.appendChild(document.createTextNode(text));
      return row;
    }
    function tip(title, rows) {
      var box = document.createElement("div");
      box.className = "chart-tip";
      if (title) {
        var t = document.createElement("strong");
        t.textContent = title;
        box.appendChild(t);
      }
      rows.forEach(function (r) { box.appendChild(r); });
      return box;
    }
    function shown(v, unit) { return v === null || v === undefined || v === "-" ? "—" : v + unit; }
    var axisTip = function (params) {
      return tip(params[0].axisValueLabel, params.map(function (p) {
        return line(p.color, p.seriesName + "：" + shown(p.value, "%"));
      }));
    };

    function chart(id, option) {
      var el = document.getElementById(id);
      if (!el) return;
      var c = echarts.init(el, null, { renderer: "canvas" });
      c.setOption(Object.assign({ animation: false, tooltip: { trigger: "axis", formatter: axisTip } }, option));
      window.addEventListener("resize", function () { c.resize(); });
    }

    chart("chart-stages", {
      tooltip: { trigger: "item", formatter: function (p) {
        return tip(null, [line(p.color, p.name + "：" + p.value + " 件（" + p.percent + "%）")]);
      } },
      series: [{ type: "pie", radius: ["35%", "65%"], data: data.stages.filter(function (s) { return s.value > 0; }) }],
    });

    function lines(block) {
      return Object.keys(block.series).map(function (k) {
        return { name: block.series[k].label, type: "line", data: block.series[k].rate, connectNulls: false };
      });
    }
    chart("chart-trend", {
      legend: {}, xAxis: { type: "category", data: data.trend.labels }, yAxis: percent, series: lines(data.trend),
    });

    // Units: the rate as a bar, its 95% interval as a floating bar from low to high.
    var key = Object.keys(data.units.series)[0];
    var s = data.units.series[key];
    chart("chart-units", {
      legend: {},
      tooltip: { trigger: "axis", formatter: function (params) {
        var i = params[0].dataIndex;
        var rows = [line(params[params.length - 1].color, s.label + "：" + shown(s.rate[i], "%"))];
        if (s.low[i] !== null && s.high[i] !== null) rows.push(line("transparent", "95%置信区间：" + s.low[i] + "%～" + s.high[i] + "%"));
        return tip(data.units.labels[i], rows);
      } },
      grid: { left: 110 },
      yAxis: { type: "category", data: data.units.labels, inverse: true },
      xAxis: percent,
      series: [
        { name: "区间下限", type: "bar", stack: "ci", itemStyle: { color: "transparent" }, data: s.low, tooltip: { show: false } },
        { name: "95%置信区间", type: "bar", stack: "ci", itemStyle: { color: "rgba(60,110,170,0.25)" },
          data: s.high.map(function (h, i) { return h === null ? null : Math.round((h - s.low[i]) * 10) / 10; }) },
        { name: s.label, type: "scatter", symbolSize: 10, data: s.rate },
      ],
    });

    chart("chart-fields", {
      legend: {},
      xAxis: { type: "category", data: data.fields.labels },
      yAxis: percent,
      series: Object.keys(data.fields.series).map(function (k) {
        return { name: data.fields.series[k].label, type: "bar", data: data.fields.series[k].rate };
      }),
    });
    document.body.dataset.chartsDrawn = "yes";
  }
  if (document.readyState === "complete") draw(); else window.addEventListener("load", draw);
})();
