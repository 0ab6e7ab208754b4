/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * charts.js: draws ECharts charts from data the page carries in
 * <script type="application/json" data-chart-for="ID"> blocks (no inline
 * script, so the strict CSP holds). Every chart has a data table beside it
 * in the page; the chart is a view of the same numbers, marked role="img".
 * Kinds: radar, line, heatmap, bar, forest (estimate with interval per row).
 *
 * The build bundles this file with only the parts of ECharts imported below
 * (esbuild, see the Makefile) into /static/charts.js: a new kind or option
 * that needs another chart type or component must add it to echarts.use().
 */
/*! The bundle holds parts of Apache ECharts: Copyright 2017-2026 The Apache
 * Software Foundation; this product includes software developed at The
 * Apache Software Foundation (https://www.apache.org/). Licensed under the
 * Apache License, Version 2.0: http://www.apache.org/licenses/LICENSE-2.0 */
import { init, use } from 'echarts/core';
import { BarChart, CustomChart, HeatmapChart, LineChart, RadarChart, ScatterChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  RadarComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

use([
  BarChart, CustomChart, HeatmapChart, LineChart, RadarChart, ScatterChart,
  AriaComponent, GridComponent, LegendComponent, MarkLineComponent, RadarComponent, TooltipComponent,
  VisualMapContinuousComponent, SVGRenderer,
]);

(function () {
  'use strict';
  /* Numbers as the page's language writes them (2,5 in Dutch, 2.5 in English). */
  var locale = (document.documentElement.lang || 'nl') === 'en' ? 'en-GB' : 'nl-NL';
  function fmt(v) {
    return typeof v === 'number' ? v.toLocaleString(locale, { maximumFractionDigits: 3 }) : v;
  }
  var palette = ['#154273', '#c2410c', '#15803d', '#7e22ce', '#b91c1c', '#0e7490', '#a16207', '#4d7c0f'];

  function radar(d) {
    return {
      color: palette,
      legend: { bottom: 0, type: 'scroll', data: d.series.map(function (s) { return s.name; }),
                selected: d.series.reduce(function (o, s) { o[s.name] = !s.hidden; return o; }, {}) },
      tooltip: {},
      radar: { indicator: d.indicators.map(function (i) { return { name: i.name, max: i.max, min: i.min || 0 }; }),
               radius: d.radius || '62%', axisName: { color: '#222' } },
      /* A series with "spread" is drawn as a dashed outline without fill
       * (quartiles, lowest and highest value); "hidden" ones start off and
       * are shown on request through the legend. */
      series: [{ type: 'radar', data: d.series.map(function (s) {
        var item = { name: s.name, value: s.values.map(function (v) { return v === null ? 0 : v; }) };
        if (s.spread === 'rater') { item.lineStyle = { width: 1 }; item.symbolSize = 5; }
        else if (s.spread) { item.lineStyle = { type: s.spread === 'range' ? 'dotted' : 'dashed', width: 1.5 }; item.symbolSize = 3; }
        else item.areaStyle = { opacity: 0.15 };
        return item;
      }) }]
    };
  }

  function line(d) {
    return {
      color: palette, tooltip: { trigger: 'axis' }, legend: { bottom: 0, type: 'scroll' },
      grid: { left: 48, right: 16, top: 24, bottom: 56 },
      xAxis: { type: 'category', data: d.x },
      yAxis: { type: 'value', min: d.min, max: d.max },
      series: d.series.map(function (s) { return { name: s.name, type: 'line', data: s.values, connectNulls: false }; })
    };
  }

  function heatmap(d) {
    var cells = [];
    d.values.forEach(function (row, y) {
      row.forEach(function (v, x) { if (v !== null) cells.push([x, y, v]); });
    });
    return {
      tooltip: { position: 'top' },
      grid: { left: 140, right: 16, top: 16, bottom: 90 },
      xAxis: { type: 'category', data: d.x, axisLabel: { rotate: 35, interval: 0 } },
      yAxis: { type: 'category', data: d.y },
      visualMap: { min: d.min, max: d.max, calculable: false, orient: 'horizontal', left: 'center', bottom: 0,
                   inRange: { color: ['#b91c1c', '#fde68a', '#15803d'] } },
      series: [{ type: 'heatmap', data: cells, label: { show: true, color: '#111', formatter: function (p) { return fmt(p.value[2]); } } }]
    };
  }

  /* Options: "horizontal" (categories down the side, first on top),
   * "legend", a series' "stack" (negative values stack below zero), "max",
   * "suffix" (a label after each bar's value, e.g. " %"). */
  function bar(d) {
    var cat = { type: 'category', data: d.x, axisLabel: { interval: 0, rotate: d.rotate || 0 } };
    /* counts ("integer") step by whole numbers only */
    var val = d.integer ? { type: 'value', minInterval: 1 } : { type: 'value' };
    if (d.max !== undefined) val.max = d.max;
    if (d.horizontal) { cat.inverse = true; cat.axisLabel = { width: 150, overflow: 'truncate' }; }
    return {
      color: d.colors || palette, tooltip: {}, legend: d.legend ? { bottom: 0, type: 'scroll' } : undefined,
      grid: { left: d.horizontal ? 160 : 48, right: d.suffix ? 56 : 16, top: 24, bottom: (d.legend ? 64 : 56) + (d.legend && d.rotate ? 28 : 0) },
      xAxis: d.horizontal ? val : cat,
      yAxis: d.horizontal ? cat : val,
      series: d.series.map(function (s) {
        return { name: s.name, type: 'bar', stack: s.stack, data: s.values,
                 label: d.suffix ? { show: true, position: 'right', formatter: function (p) { return fmt(p.value) + d.suffix; } } : undefined };
      })
    };
  }

  function forest(d) {
    var names = d.rows.map(function (r) { return r.name; });
    var ci = d.rows.map(function (r, i) { return [r.low, r.high, i]; });
    var est = d.rows.map(function (r, i) { return [r.estimate, i]; });
    return {
      tooltip: {},
      grid: { left: 140, right: 24, top: 16, bottom: 40 },
      xAxis: { type: 'value', name: d.axis || '', nameLocation: 'middle', nameGap: 26 },
      yAxis: { type: 'category', data: names, inverse: true },
      series: [
        { type: 'custom', name: 'interval', data: ci, encode: { x: [0, 1], y: 2 }, renderItem: function (params, api) {
            var lo = api.coord([api.value(0), api.value(2)]);
            var hi = api.coord([api.value(1), api.value(2)]);
            return { type: 'group', children: [
              { type: 'line', shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style: { stroke: '#154273', lineWidth: 2 } },
              { type: 'line', shape: { x1: lo[0], y1: lo[1] - 6, x2: lo[0], y2: lo[1] + 6 }, style: { stroke: '#154273', lineWidth: 2 } },
              { type: 'line', shape: { x1: hi[0], y1: hi[1] - 6, x2: hi[0], y2: hi[1] + 6 }, style: { stroke: '#154273', lineWidth: 2 } }
            ] };
          } },
        { type: 'scatter', name: 'estimate', data: est, symbolSize: 12, itemStyle: { color: '#c2410c' },
          markLine: { silent: true, symbol: 'none', data: [{ xAxis: 0 }], lineStyle: { color: '#444', type: 'dashed' } } }
      ]
    };
  }


  /* A power/interest grid: one point per stakeholder (x interest, y power,
   * both 1-5), quadrant lines at 3.5; d.points [{name, x, y}], d.xName, d.yName. */
  function grid(d) {
    return {
      color: palette, tooltip: { formatter: function (p) { return p.data.name + ': ' + p.data.value[0] + ' / ' + p.data.value[1]; } },
      grid: { left: 56, right: 24, top: 24, bottom: 48 },
      xAxis: { type: 'value', min: 0, max: 6, interval: 1, name: d.xName, nameLocation: 'middle', nameGap: 28,
               axisLabel: { formatter: function (v) { return v >= 1 && v <= 5 ? v : ''; } } },
      yAxis: { type: 'value', min: 0, max: 6, interval: 1, name: d.yName, nameLocation: 'middle', nameGap: 32,
               axisLabel: { formatter: function (v) { return v >= 1 && v <= 5 ? v : ''; } } },
      series: [{ type: 'scatter', symbolSize: 14,
        data: d.points.map(function (p) { return { name: p.name, value: [p.x, p.y] }; }),
        label: { show: true, position: 'right', formatter: function (p) { return p.data.name; }, color: '#222' },
        markLine: { silent: true, symbol: 'none', lineStyle: { color: '#666', type: 'dashed' }, label: { show: false },
                    data: [{ xAxis: 3.5 }, { yAxis: 3.5 }] } }]
    };
  }

  /* A timeline: d.rows [{label, start, end, kind: phase|step|gate, critical}]
   * (dates YYYY-MM-DD; a gate is one day), a line at d.today. */
  function timeline(d) {
    var labels = d.rows.map(function (r) { return r.label; });
    var colour = { phase: '#0e7490', step: '#154273', gate: '#7e22ce' };
    var data = d.rows.map(function (r, i) {
      return { value: [i, Date.parse(r.start), Date.parse(r.end) + 86400000, r.kind, r.critical ? 1 : 0] };
    });
    return {
      tooltip: { formatter: function (p) { var r = d.rows[p.data.value[0]]; return r.label + ': ' + r.start + (r.end !== r.start ? ' – ' + r.end : ''); } },
      grid: { left: 150, right: 24, top: 16, bottom: 40 },
      xAxis: { type: 'time' },
      yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { width: 140, overflow: 'truncate' } },
      series: [{ type: 'custom', data: data, encode: { x: [1, 2], y: 0 },
        renderItem: function (params, api) {
          var y = api.value(0), a = api.coord([api.value(1), y]), b = api.coord([api.value(2), y]);
          var h = api.size([0, 1])[1] * 0.55, kind = api.value(3);
          var fill = colour[kind] || '#154273';
          if (kind === 'gate') {
            var cx = a[0], cy = a[1], r = h / 2;
            return { type: 'polygon', shape: { points: [[cx, cy - r], [cx + r, cy], [cx, cy + r], [cx - r, cy]] }, style: { fill: fill } };
          }
          return { type: 'rect', shape: { x: a[0], y: a[1] - h / 2, width: Math.max(b[0] - a[0], 3), height: h },
                   style: { fill: fill, stroke: api.value(4) ? '#c2410c' : null, lineWidth: api.value(4) ? 3 : 0 } };
        },
        markLine: d.today ? { silent: true, symbol: 'none', lineStyle: { color: '#b91c1c', width: 2 },
          label: { formatter: d.todayLabel || '', color: '#b91c1c' }, data: [{ xAxis: Date.parse(d.today) }] } : undefined
      }]
    };
  }

  var kinds = { radar: radar, line: line, heatmap: heatmap, bar: bar, forest: forest, grid: grid, timeline: timeline };
  var blocks = document.querySelectorAll('script[type="application/json"][data-chart-for]');
  Array.prototype.forEach.call(blocks, function (block) {
    var el = document.getElementById(block.getAttribute('data-chart-for'));
    if (!el) return;
    var d;
    try { d = JSON.parse(block.textContent); } catch (e) { return; }
    if (!kinds[d.kind]) return;
    var chart = init(el, null, { renderer: 'svg' });
    var opt = kinds[d.kind](d);
    opt.animation = false;
    opt.aria = { enabled: true };
    if (opt.tooltip) opt.tooltip.valueFormatter = fmt;
    [].concat(opt.yAxis || [], opt.xAxis || []).forEach(function (ax) {
      if (ax.type === 'value') ax.axisLabel = Object.assign({}, ax.axisLabel, { formatter: fmt });
    });
    chart.setOption(opt);
    window.addEventListener('resize', function () { chart.resize(); });
  });
})();
