// The dashboard's little JavaScript: buttons and forms call the JSON API (with the page's CSRF token); the
// live part of a page is fetched again, as the server renders it, whenever the campaign's trace grows.
(() => {
  "use strict";
  const csrf = document.querySelector("meta[name=csrf]")?.content ?? "";
  const message = document.getElementById("message");
  const live = document.getElementById("live");

  function say(text, isError) {
    if (!message) return;
    message.textContent = text;
    message.className = isError ? "error" : "ok";
  }

  async function call(method, url, body) {
    const headers = { "X-CSRF-Token": csrf };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(url, {
      method, headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const type = response.headers.get("Content-Type") ?? "";
    const answer = type.includes("json") ? await response.json() : await response.text();
    if (!response.ok) {
      throw new Error(answer.detail ?? answer.title ?? String(answer));
    }
    return answer;
  }

  // --- the live part: swapped in as the server renders it ---
  let refreshing = false, again = false;
  async function refresh() {
    if (!live) return;
    if (refreshing) { again = true; return; }
    refreshing = true;
    try {
      const response = await fetch(live.dataset.live, { credentials: "same-origin" });
      if (response.redirected || response.status === 401) { location.reload(); return; }
      if (response.ok) {
        const focused = document.activeElement?.id;
        const typed = [...live.querySelectorAll("input")].map(i => [i.id || i.name + "@" + i.form?.id, i.value]);
        live.innerHTML = await response.text();
        for (const [key, value] of typed) {  // what a person was typing survives the swap
          const field = live.querySelector(`[id="${key}"]`) ?? [...live.querySelectorAll("input")]
            .find(i => i.name + "@" + i.form?.id === key);
          if (field && value) field.value = value;
        }
        if (focused) document.getElementById(focused)?.focus();
        drawPlot();
      }
    } finally {
      refreshing = false;
      if (again) { again = false; refresh(); }
    }
  }

  let plot = null;
  function drawPlot() {
    const holder = document.getElementById("plot");
    const source = document.getElementById("plot-data");
    if (!holder || !source || typeof uPlot === "undefined") return;
    const d = JSON.parse(source.textContent);
    holder.dataset.points = String(d.value.filter(v => v !== null).length);
    const data = [d.x, d.value, d.best];
    if (plot) { plot.setData(data); return; }
    plot = new uPlot({
      width: Math.max(300, holder.clientWidth), height: 280,
      scales: { x: { time: false } },
      axes: [{ label: "experiment" }, { label: d.objective }],
      series: [
        { label: "experiment" },
        { label: d.objective, stroke: "#7a8ca5", width: 0, points: { show: true, size: 7, fill: "#7a8ca5" } },
        { label: d.minimize ? "lowest so far" : "best so far", stroke: "#1f6feb", width: 2 },
      ],
    }, data, holder);
    new ResizeObserver(() => plot.setSize({ width: Math.max(300, holder.clientWidth), height: 280 }))
      .observe(holder);
  }

  // --- buttons and forms: one shape, an API call ---
  document.addEventListener("click", async event => {
    const button = event.target.closest("button[data-post]");
    if (!button) return;
    const method = button.dataset.method ?? "POST";
    let body = button.dataset.json ? JSON.parse(button.dataset.json) : (method === "GET" ? undefined : {});
    if (button.dataset.reason) {
      const reason = document.querySelector(button.dataset.reason)?.value.trim() ?? "";
      if (!reason && button.hasAttribute("data-reason-required")) {
        say(`${button.textContent}: give a reason first; it goes on the record.`, true);
        document.querySelector(button.dataset.reason)?.focus();
        return;
      }
      if (reason) body.reason = reason;
    }
    button.disabled = true;
    try {
      const answer = await call(method, button.dataset.post, body);
      say(`${button.textContent}: ${answer.output?.trim() || answer.state || (answer.verified === undefined
        ? "done" : (answer.verified ? "verified" : "NOT verified"))}`, answer.verified === false);
    } catch (e) {
      say(`${button.textContent}: ${e.message}`, true);
    } finally {
      button.disabled = false;
      refresh();
    }
  });

  document.addEventListener("submit", async event => {
    const form = event.target;
    if (form.id === "submit-form") {
      event.preventDefault();
      const f = new FormData(form);
      const body = {};
      if (f.get("yaml").trim()) body.yaml = f.get("yaml"); else if (f.get("scenario")) body.scenario = f.get("scenario");
      for (const key of ["planner", "approval"]) if (f.get(key)) body[key] = f.get(key);
      for (const key of ["budget", "batch", "seed"]) if (f.get(key)) body[key] = Number(f.get(key));
      if (f.get("manual")) body.manual = true;
      try {
        const c = await call("POST", "/api/campaigns", body);
        location.href = `/campaigns/${c.id}`;
      } catch (e) {
        say(`Submit: ${e.message}`, true);
      }
    } else if (form.dataset.tell) {
      event.preventDefault();
      const values = {};
      for (const input of document.querySelectorAll(`input[form="${form.id}"]`)) values[input.name] = input.value.trim();
      try {
        const answer = await call("POST", form.dataset.tell, { id: form.dataset.id, values });
        say(`Recorded ${form.dataset.id}: ${answer.output?.trim() ?? ""}`, false);
        for (const input of document.querySelectorAll(`input[form="${form.id}"]`)) input.value = "";
      } catch (e) {
        say(`Recording ${form.dataset.id}: ${e.message}`, true);
      }
      refresh();
    }
  });

  // --- staying live ---
  drawPlot();
  if (live?.dataset.trace) {
    // A trace line written is a reason to look again; many at once are one look.
    let pending = null;
    const soon = () => { if (!pending) pending = setTimeout(() => { pending = null; refresh(); }, 150); };
    const stream = new EventSource(live.dataset.trace);
    stream.addEventListener("trace", soon);
    // At "end" the server closes the stream; the browser reconnects from the last line it has (Last-Event-ID),
    // so a campaign that goes on after waiting for people is followed again.
    stream.addEventListener("end", soon);
    setInterval(refresh, 5000);  // states the trace does not hold (queued, started) show too
  } else if (live?.dataset.poll) {
    setInterval(refresh, Number(live.dataset.poll));
  }
})();
