// The Early Help Assessment's autosave: progressive enhancement of a form that saves without it.
//
// Every N seconds (data-autosave-seconds, 20 by default) and whenever focus leaves a field, if the
// form changed since it was last saved, POST it with fetch to data-autosave-url. The answer is
// JSON: {version, saved_at_display, base_values} on success, or 409 {conflict: {...}} when a
// colleague saved first. Then the conflict panel (server-rendered HTML) shows both versions, a
// colleague's changes to untouched fields come into the form, and autosave pauses until the user
// chooses "Save draft" — so nobody's text is ever overwritten without them seeing it.
//
// As a last resort (a session time-out, a lost connection, a closed tab) unsaved input is kept in
// localStorage under "familyhub-assessment:<id>:<version>" and offered back on the next visit.

const PREFIX = "familyhub-assessment:";
const SKIP = new Set(["csrfmiddlewaretoken", "action", "base_version", "base_values"]);

function fieldValues(form) {
  const values = {};
  for (const element of form.elements) {
    if (!element.name || SKIP.has(element.name)) continue;
    if (element.type === "checkbox") values[element.name] = element.checked;
    else if (element.type === "radio") {
      if (element.checked) values[element.name] = element.value;
    } else values[element.name] = element.value;
  }
  return values;
}

function setField(form, name, value) {
  const element = form.elements.namedItem(name);
  if (!element) return;
  if (element.type === "checkbox") element.checked = value === true || value === "on";
  else element.value = value === null || value === undefined ? "" : String(value);
}

function storedDrafts(id) {
  const drafts = [];
  for (let i = 0; i < localStorage.length; i += 1) {
    const key = localStorage.key(i);
    if (!key || !key.startsWith(`${PREFIX}${id}:`)) continue;
    try {
      drafts.push({ key, ...JSON.parse(localStorage.getItem(key)) });
    } catch {
      localStorage.removeItem(key);
    }
  }
  return drafts.sort((a, b) => b.at - a.at);
}

function clearDrafts(id) {
  for (const draft of storedDrafts(id)) localStorage.removeItem(draft.key);
}

function start(form) {
  const id = form.dataset.assessmentId;
  const url = form.dataset.autosaveUrl;
  const seconds = Number(form.dataset.autosaveSeconds) || 20;
  const status = document.getElementById("autosave-status");
  const conflictBox = document.getElementById("assessment-conflict");
  const restoreBanner = document.getElementById("assessment-restore");
  const baseVersion = form.elements.namedItem("base_version");
  const baseValues = form.elements.namedItem("base_values");
  const text = (name, fallback) => status.dataset[name] || fallback;

  let lastSaved = JSON.stringify(fieldValues(form));
  // A conflict shown by the server (a save without JavaScript): the user saves again by hand.
  let paused = Boolean(conflictBox && conflictBox.querySelector(".govuk-error-summary"));
  let saving = false;
  let storeTimer = null;

  const dirty = () => JSON.stringify(fieldValues(form)) !== lastSaved;
  const say = (message) => {
    status.textContent = message;
  };

  function keepLocally() {
    try {
      clearDrafts(id);
      localStorage.setItem(
        `${PREFIX}${id}:${baseVersion.value}`,
        JSON.stringify({
          at: Date.now(),
          values: fieldValues(form),
          base_version: baseVersion.value,
          base_values: baseValues.value,
        }),
      );
    } catch {
      // Storage full or forbidden: the server save still works.
    }
  }

  function showConflict(conflict, sent) {
    conflictBox.innerHTML = conflict.html;
    baseVersion.value = conflict.version;
    baseValues.value = conflict.base_values;
    const now = fieldValues(form);
    for (const [name, value] of Object.entries(conflict.merged)) {
      // Only where the user has not typed since this save was sent.
      if (JSON.stringify(now[name]) === JSON.stringify(sent[name])) setField(form, name, value);
    }
    paused = true;
    keepLocally();
    say(
      text(
        "conflictText",
        "Not saved: somebody else saved changes. Autosave is paused: check both versions, then choose Save draft.",
      ),
    );
  }

  let inFlight = Promise.resolve();

  function save() {
    if (paused || saving || !dirty()) return inFlight;
    inFlight = send();
    return inFlight;
  }

  async function send() {
    saving = true;
    const sent = fieldValues(form);
    const sentText = JSON.stringify(sent);
    try {
      const response = await fetch(url, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const isJson = (response.headers.get("content-type") || "").includes("application/json");
      const answer = isJson && !response.redirected ? await response.json() : null;
      if (response.ok && answer && answer.version) {
        baseVersion.value = answer.version;
        baseValues.value = answer.base_values;
        lastSaved = sentText;
        if (dirty()) keepLocally();
        else clearDrafts(id);
        say(text("savedText", "Saved at %s").replace("%s", answer.saved_at_display));
      } else if (response.status === 409 && answer && answer.conflict) {
        showConflict(answer.conflict, sent);
      } else {
        keepLocally();
        say(
          text(
            "failedText",
            "Not saved: your changes are kept in this browser. Choose Save draft to try again.",
          ),
        );
      }
    } catch {
      keepLocally();
      say(
        text(
          "failedText",
          "Not saved: your changes are kept in this browser. Choose Save draft to try again.",
        ),
      );
    } finally {
      saving = false;
    }
  }

  form.addEventListener("input", () => {
    clearTimeout(storeTimer);
    storeTimer = setTimeout(keepLocally, 300);
  });
  form.addEventListener("focusout", () => {
    save();
  });
  // Leaving focus to press a button starts an autosave; the form must not be sent on the
  // version that autosave is about to replace, or the user would conflict with themselves.
  form.addEventListener("submit", async (event) => {
    if (!saving) {
      paused = true;
      return;
    }
    event.preventDefault();
    paused = true;
    await inFlight;
    form.requestSubmit(event.submitter);
  });
  setInterval(save, seconds * 1000);

  // What this browser kept from an earlier visit, if it is newer than what is saved.
  const savedAt = Date.parse(form.dataset.savedAt || "") || 0;
  const [draft] = storedDrafts(id);
  if (
    draft &&
    restoreBanner &&
    draft.at > savedAt &&
    JSON.stringify(draft.values) !== JSON.stringify(fieldValues(form))
  ) {
    const time = restoreBanner.querySelector("[data-restore-time]");
    if (time) time.textContent = new Date(draft.at).toLocaleString("en-GB");
    restoreBanner.hidden = false;
    restoreBanner.querySelector("[data-restore='yes']").addEventListener("click", () => {
      for (const [name, value] of Object.entries(draft.values)) setField(form, name, value);
      // Save from the version these changes started from: a newer save becomes a conflict.
      baseVersion.value = draft.base_version;
      baseValues.value = draft.base_values;
      restoreBanner.hidden = true;
      save();
    });
    restoreBanner.querySelector("[data-restore='no']").addEventListener("click", () => {
      clearDrafts(id);
      restoreBanner.hidden = true;
    });
  } else if (draft && draft.at <= savedAt) {
    clearDrafts(id);
  }
}

const form = document.getElementById("assessment-form");
if (form && form.dataset.autosaveUrl) start(form);
