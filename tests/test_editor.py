"""The editor's pages in AppTest: who reaches them, uploading, the report, history and undo."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import auth
from metrics import export, i18n, narrative
from metrics.catalog import Catalog
from metrics.current import current_catalog
from metrics.progress import Status
from metrics.read import read_bytes
from metrics.store import Store
from metrics.validate import Contract, validate
from tests.conftest import FILES
from tests.test_app import APP, RAW_KEY, english_only_fragments, shown_text

TOKEN = "test-editor-token"


@pytest.fixture(autouse=True)
def editor_token() -> Iterator[None]:
    """The editor token's hash, where the app looks for it (beside the test store)."""
    path = auth.token_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(auth.token_hash(TOKEN) + "\n", encoding="ascii")
    yield


def store_version() -> str:
    store = Store()
    try:
        return store.version()
    finally:
        store.close()


def anonymous(lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def editor(page: str, lang: str = "en", **params: str) -> AppTest:
    """An editor's session on `page`, opened by a link carrying `params`."""
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["lang"] = lang
    at.session_state["editor_token_hash"] = auth.token_hash(TOKEN)
    at.session_state["editor_name"] = "Test Analyst"
    at.run()
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.file_uploader[0].set_value((name, content, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def new_indicator_file(ident: str, source: str) -> bytes:
    return (
        f"indicator,country,year,value,source\n{ident},MAR,2021,11.5,{source}\n"
        f"{ident},MAR,2023,14.25,{source}\n"
    ).encode()


def describe(at: AppTest, ident: str, source: str) -> AppTest:
    for field in ("name", "description", "unit"):
        for code in ("en", "fr", "ar"):
            at.text_input(key=f"meta_{ident}_{field}_{code}").set_value(f"{field} {code} {ident}")
    at.text_input(key=f"meta_{ident}_short_unit").set_value("%")
    at.selectbox(key=f"meta_{ident}_source").set_value(source)
    return at.run()


def explore_options() -> str:
    """The Explore page's indicator choices, as one text (the options show names)."""
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("views/explore.py").run()
    return "\n".join(at.selectbox[0].options)


@pytest.mark.parametrize("name", ["upload", "history"])
def test_a_visitor_opening_an_editor_page_is_sent_to_sign_in_and_back(name: str) -> None:
    """A reload or a bookmark of an editor page (a token sign-in lasts one browser session)
    leads to Sign in, never to "Page not found", and back to the page once signed in."""
    at = anonymous()
    at.switch_page(f"views/{name}.py").run()
    assert not at.exception
    assert at.title[0].value == "Sign in as an editor"
    assert at.query_params["next"] in (name, [name])
    assert not at.file_uploader and "History of imports" not in shown_text(at)
    assert f"Sign in to open {i18n.t(f'nav.{name}')}." in [i.value for i in at.info]
    assert at.text_input(key="signin_token").proto.type == at.text_input[0].proto.PASSWORD
    # The browser's address is now the Sign-in page (AppTest keeps running the page it was
    # told to open, so it is told what the browser shows).
    at.switch_page("views/signin.py").run()
    at.text_input(key="signin_name").set_value("Salma")
    at.text_input(key="signin_token").set_value(TOKEN)
    at.button[0].click().run()
    assert not at.exception
    assert at.title[0].value == {"upload": "Upload data", "history": "History of imports"}[name]


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_sign_in_page_speaks_the_language(lang: str) -> None:
    at = anonymous(lang)
    at.switch_page("views/signin.py").run()
    assert at.title[0].value == i18n.t("signin.title", lang)


def test_a_wrong_token_is_refused_and_the_right_one_opens_the_editor_pages() -> None:
    at = anonymous()
    at.switch_page("views/signin.py").run()
    at.text_input(key="signin_token").set_value("not-the-token")
    at.button[0].click().run()
    assert [e.value for e in at.error] == [
        "This token is not the editor token; nothing was changed."
    ]
    at.text_input(key="signin_name").set_value("Salma")
    at.text_input(key="signin_token").set_value(TOKEN)
    at.button[0].click().run()
    assert not at.exception
    assert "You are signed in as an editor: Salma." in [s.value for s in at.success]
    at.switch_page("views/history.py").run()
    assert at.title[0].value == "History of imports"
    at.switch_page("views/upload.py").run()
    assert at.title[0].value == "Upload data"
    at.switch_page("views/signin.py").run()
    at.button(key="sign_out").click().run()
    at.switch_page("views/upload.py").run()
    assert at.title[0].value == "Sign in as an editor"


def test_a_bad_file_shows_every_problem_by_row_and_column_and_stores_nothing() -> None:
    at = editor("views/upload.py")
    before = store_version()
    bad = (
        b"indicator,country,year,value\ninternet_users,MAR,20x2,abc\n"
        b"internet_users,XXQ,2020,50\ninternet_users,XXQ,2021,51\n"
    )
    upload(at, "bad.csv", bad)
    assert at.status[0].proto.label == "Checking finished: the file has errors"
    assert at.error[0].value.startswith("Checked. Errors: 4; warnings: 0. Nothing was stored.")
    report = at.dataframe[0].value  # one line per kind of problem on one value
    assert list(report.columns) == ["Kind", "Rows", "Problem"]
    assert report["Problem"].tolist() == [
        "bad.csv, row 2, column “year”: “20x2” is not a year; expected a whole number such as"
        " 2024.",
        "bad.csv, row 2, column “value”: “abc” is not a number.",
        "bad.csv, rows 3–4, column “country”: “XXQ” is not an ISO 3166 alpha-3 country code"
        " (such as MAR) or a region code (such as WLD for the world).",
    ]
    assert report["Rows"].tolist() == [1, 1, 2]
    assert at.get("download_button")  # every problem, one by one
    assert "upload_import" not in [b.key for b in at.button]
    assert store_version() == before  # nothing stored


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "73.8379 in 2022, then 95 in 2023: +21.2 a year"),
        ("fr", "73,8379 en 2022, puis 95 en 2023\u00a0: +21,2 par an"),
        ("ar", "هذا تنبيه فقط: السطر غير مرفوض"),
    ],
)
def test_a_jump_is_listed_as_a_warning_and_the_file_can_still_be_imported(
    lang: str, words: str
) -> None:
    at = editor("views/upload.py", lang)
    upload(at, "tun.csv", b"indicator,country,year,value\ninternet_users,TUN,2023,95\n")
    assert not at.error
    assert len(at.warning) == 1  # the headline: no error, one warning
    report = at.dataframe[0].value
    (message,) = report.iloc[:, -1].tolist()
    assert words in message and "tun.csv" in message and "2023" in message
    assert "upload_import" in [b.key for b in at.button]  # a warning never refuses


def test_the_template_is_offered_and_an_unknown_layout_is_mapped(catalog: Catalog) -> None:
    at = editor("views/upload.py")
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download the template" in labels
    odd = b"Code pays;Periode;Taux\nMAR;2019;40,5\n"
    upload(at, "odd.csv", odd)
    assert "layout **not recognised**" in " ".join(m.value for m in at.markdown)
    assert "Code pays;Periode;Taux" in at.code[0].value
    at.selectbox(key="map_country").set_value("Code pays")
    at.selectbox(key="map_year").set_value("Periode")
    at.selectbox(key="map_value").set_value("Taux")
    at.text_input(key="map_constant").set_value("internet_users").run()
    assert not at.exception
    assert at.success[0].value.startswith("The file is valid. Rows: 1;")
    # 40.5 differs from the charted 2019 value: the choice is shown before committing
    assert at.radio(key="upload_mode").options == [
        "Add them beside the charted values",
        "Replace the charted values",
    ]


def test_an_editor_imports_a_new_indicator_and_sees_it_in_history(catalog: Catalog) -> None:
    ident, source = "test_new_share", next(iter(catalog.sources))
    at = editor("views/upload.py")
    upload(at, "new.csv", new_indicator_file(ident, source))
    assert "upload_import" not in [b.key for b in at.button]  # metadata first
    assert any("Still to fill in" in w.value for w in at.warning)
    describe(at, ident, source)
    at.button(key="upload_import").click().run()
    assert not at.exception, [e.value for e in at.exception]
    (done,) = [s.value for s in at.success]
    assert done.startswith("Imported new.csv as batch ")
    assert f"name en {ident}" in explore_options()
    history = editor("views/history.py")
    table = history.dataframe[0].value
    row = table[table["File"] == "new.csv"].iloc[0]
    assert (row["By"], row["Rows"], row["Status"], row["Kind"]) == (
        "Test Analyst",
        2,
        "active",
        "upload",
    )


def test_withdraw_and_restore_change_the_explore_page(catalog: Catalog) -> None:
    ident, source = "test_undo_share", next(iter(catalog.sources))
    at = editor("views/upload.py")
    upload(at, "undo.csv", new_indicator_file(ident, source))
    describe(at, ident, source)
    at.button(key="upload_import").click().run()
    content = new_indicator_file(ident, source)
    batch = at.session_state["imported"][hashlib.sha256(content).hexdigest()]
    assert f"name en {ident}" in explore_options()

    history = editor("views/history.py")
    history.selectbox(key="history_batch").set_value(batch).run()
    history.button(key="history_withdraw").click().run()
    assert (
        history.success[0].value
        == f"Batch {batch} (undo.csv) is withdrawn: what it brought no longer shows."
    )
    assert f"name en {ident}" not in explore_options()

    history.button(key="history_restore").click().run()
    assert history.success[0].value.startswith(f"Batch {batch} (undo.csv) is restored")
    assert f"name en {ident}" in explore_options()

    bundled = min(history.selectbox(key="history_batch").options, key=lambda o: int(o.split()[0]))
    history.selectbox(key="history_batch").set_value(int(bundled.split()[0])).run()
    assert history.info[0].value.startswith("The bundled data is read-only")


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
@pytest.mark.parametrize("page", ["views/upload.py", "views/history.py"])
def test_editor_pages_speak_the_chosen_language(page: str, lang: str) -> None:
    at = editor(page)
    at.segmented_control(key="lang").set_value(lang).run()
    text = shown_text(at) + "\n".join(b.proto.label for b in at.button)
    assert not RAW_KEY.search(text), RAW_KEY.findall(text)
    if lang != "en":
        leaked = sorted(p for p in english_only_fragments(lang) if p in text)
        assert leaked == [], leaked


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_the_template_reads_back_as_the_long_layout(catalog: Catalog, lang: str) -> None:
    content = export.template_csv(catalog, lang)
    table = read_bytes(content, "template.csv")
    assert table.layout == "long"
    result = validate(table, Contract(catalog.indicators, set(catalog.sources)))
    assert result.ok and result.problems == []
    row = result.rows.iloc[0]
    assert catalog.latest(row["indicator"], row["country"])["value"] == row["value"]


def test_the_store_version_follows_imports_and_undo(catalog: Catalog, tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    try:
        empty = store.version()
        frame = validate(
            read_bytes(export.template_csv(catalog), "t.csv"),
            Contract(catalog.indicators, set(catalog.sources)),
        ).rows
        batch = store.import_batch(frame, by="t", file_name="t.csv", content=b"x")
        imported = store.version()
        store.withdraw(batch.id, "t")
        withdrawn = store.version()
        store.restore(batch.id, "t")
        assert len({empty, imported, withdrawn, store.version()}) == 4
        merged = current_catalog(store, catalog)
        assert (
            merged.with_data() == ["internet_users"] and len(merged.series("internet_users")) == 1
        )
        assert merged.indicators == catalog.indicators
    finally:
        store.close()


OIDC = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "x" * 32,
    "client_id": "athar",
    "client_secret": "s",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


def oidc_app(user: dict[str, object]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.secrets["auth"] = OIDC
    at.secrets["editors"] = ["amina@ausim.ma"]
    at.user = user
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(
    ("user", "editor_pages"),
    [
        ({"is_logged_in": False}, False),
        ({"is_logged_in": True, "email": "visitor@example.org"}, False),  # signed in, not listed
        ({"is_logged_in": True, "email": "Amina@AUSIM.ma"}, True),  # on the allow-list
    ],
)
def test_openid_connect_sign_in_opens_the_editor_pages_to_the_allow_list_only(
    user: dict[str, object], editor_pages: bool
) -> None:
    at = oidc_app(user)
    if editor_pages:
        at.switch_page("views/upload.py").run()
        assert not at.exception
        assert at.file_uploader, "the editor sees the upload form"
    else:  # sent to Sign in, never shown the form
        at.switch_page("views/upload.py").run()
        assert not at.exception
        assert not at.file_uploader
        assert at.title[0].value == "Sign in as an editor"


def charted(indicator: str, country: str, year: int) -> float:
    store = Store()
    try:
        rows = store.charted()
    finally:
        store.close()
    row = rows[
        (rows["indicator"] == indicator) & (rows["country"] == country) & (rows["year"] == year)
    ]
    return float(row["value"].iloc[0])


@pytest.mark.parametrize(("mode", "expected"), [("add", 89.9), ("replace", 90.7)])
def test_conflicts_are_shown_and_the_editor_chooses_add_or_replace(
    mode: str, expected: float
) -> None:
    content = f"indicator,country,year,value,note\ninternet_users,MAR,2022,90.7,{mode}\n".encode()
    at = editor("views/upload.py")
    upload(at, f"{mode}.csv", content)
    table = at.dataframe[-1].value  # the conflicts: existing 89.9 (bundled), new 90.7
    # By name, as every page names them, and the source by its title, not by ids.
    assert table.iloc[0].tolist()[:3] == ["Individuals using the Internet", "Morocco", 2022]
    charted_now, in_file = table.iloc[0].tolist()[3:]
    title = "Individuals using the Internet (% of population) [IT.NET.USER.ZS]"
    assert charted_now == f"89.9% · {title}" and in_file == "90.7%"
    at.radio(key="upload_mode").set_value(mode).run()
    at.button(key="upload_import").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert charted("internet_users", "MAR", 2022) == expected
    store = Store()  # leave the shared test store as it was found
    try:
        store.withdraw(at.session_state["imported"][hashlib.sha256(content).hexdigest()], "test")
    finally:
        store.close()
    assert charted("internet_users", "MAR", 2022) == 89.9


def test_an_excel_workbook_is_read_and_imported_through_the_page() -> None:
    frame = pd.DataFrame(
        {"Indicateur": ["internet_users"], "Pays": ["MLI"], "Année": [2024], "Valeur": [35.5]}
    )
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)  # a French header, as the French template has
    content = buffer.getvalue()
    at = editor("views/upload.py")
    at.file_uploader[0].set_value(("mali.xlsx", content, "application/vnd.ms-excel")).run()
    assert not at.exception, [e.value for e in at.exception]
    at.button(key="upload_import").click().run()
    assert at.success[0].value.startswith("Imported mali.xlsx as batch ")
    assert charted("internet_users", "MLI", 2024) == 35.5
    store = Store()
    try:
        store.withdraw(at.session_state["imported"][hashlib.sha256(content).hexdigest()], "test")
    finally:
        store.close()


def test_the_dashboard_and_the_command_line_know_the_same_indicators_and_statuses(
    tmp_path: Path,
) -> None:
    """One store (the test session's), two readers: after an import through the command line,
    Explore lists exactly the indicators `catalog` lists with data, and Targets shows the
    statuses `progress` gives; withdrawn, both forget it."""
    from tests.test_cli import JOBS_META, cli

    upload = tmp_path / "jobs.csv"
    upload.write_text(
        "indicator,country,year,value\ndigital_jobs_total,MAR,2022,100000\n"
        "digital_direct_jobs,MAR,2022,120000\ndigital_direct_jobs,MAR,2024,150000\n"
    )
    meta = tmp_path / "jobs.yaml"
    meta.write_text(JOBS_META, encoding="utf-8")
    done = cli("import", str(upload), "--by", "test", "--metadata", str(meta))
    assert done.returncode == 0, done.stderr
    batch = int(done.stdout.split(" as batch ")[1].split(".")[0])
    try:
        listed = json.loads(cli("catalog", "--json").stdout)
        with_data = {r["name"]["en"] for r in listed if r["observations"]}
        assert "Digital jobs (test)" in with_data
        shown = {option.split(" · ")[0] for option in explore_options().splitlines()}
        assert shown == with_data

        statuses = json.loads(cli("progress", "--json").stdout)["targets"]
        at = AppTest.from_file(APP, default_timeout=30)
        at.query_params["lang"] = "en"
        at.run()
        at.switch_page("views/targets.py").run()
        table = at.dataframe[0].value
        on_page = dict(zip(table["Target"], table["Status"], strict=True))
        assert len(on_page) == len(statuses)
        for row in statuses:
            badge = narrative.badge(Status(row["status"]), "en")
            assert on_page[row["name"]].startswith(badge), (row["name"], on_page[row["name"]])
        jobs = "240,000 direct digital jobs by 2030"
        assert not on_page[jobs].startswith(narrative.badge(Status.insufficient, "en"))
    finally:
        assert cli("undo", str(batch), "--by", "test").returncode == 0
    assert "Digital jobs (test)" not in explore_options()
    listed = json.loads(cli("catalog", "--json").stdout)
    assert "digital_jobs_total" not in {r["id"] for r in listed}


def test_a_new_indicator_brings_its_new_source_through_the_page() -> None:
    ident = "test_fibre_homes"
    at = editor("views/upload.py")
    upload(at, "fibre.csv", new_indicator_file(ident, ""))
    describe(at, ident, "+")  # "a source new to the catalogue…"
    assert at.text_input(key=f"src_{ident}_title").label == "Title of the document or dataset"
    warning = " ".join(w.value for w in at.warning)
    assert "source.id" in warning and "source.title" in warning  # what is still missing
    assert "source.url" not in warning  # a source may have no address (a press report)
    assert "upload_import" not in [b.key for b in at.button]
    at.text_input(key=f"src_{ident}_id").set_value("test_observatory_2025")
    at.text_input(key=f"src_{ident}_title").set_value("Observatoire (test)")
    at.text_input(key=f"src_{ident}_publisher").set_value("A regulator")
    at.text_input(key=f"src_{ident}_url").set_value("https://example.org/obs")
    at.run()
    assert not at.warning, [w.value for w in at.warning]
    at.button(key="upload_import").click().run()
    assert not at.exception, [e.value for e in at.exception]
    batch = at.session_state["imported"][hashlib.sha256(new_indicator_file(ident, "")).hexdigest()]
    store = Store()
    try:
        assert store.batch(batch).sources == ["test_observatory_2025"]
        at = AppTest.from_file(APP, default_timeout=30)
        at.query_params["lang"] = "en"
        at.run()
        at.switch_page("views/sources.py").run()
        titles = at.dataframe[0].value["Title"].tolist()
        assert "Observatoire (test)" in titles
        store.withdraw(batch, "test")
    finally:
        store.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_targets_file_on_the_page_names_each_bad_cell_and_what_to_describe(lang: str) -> None:
    at = editor("views/upload.py", lang, kind="targets")  # a link to the targets' upload
    assert at.button_group(key="upload_kind").value == "targets"
    assert at.file_uploader[0].label == i18n.t("upload.targets.file", lang)
    templates = [b.proto.label for b in at.get("download_button")]
    assert templates == [i18n.t(f"upload.targets.template{k}", lang) for k in ("", "_yaml")]
    before = store_version()
    example = (FILES / "strategy" / "example_targets.csv").read_text(encoding="utf-8")
    bad = example.replace(",2030,90,", ",2030,ninety,").replace("egdi_score", "egdi_scor")
    upload(at, "bad_targets.csv", bad.encode())
    assert at.error[0].value.startswith(i18n.t("upload.headline", lang, errors="2", warnings="0"))
    messages = at.dataframe[0].value.iloc[:, -1].tolist()
    assert any("bad_targets.csv" in m and "2" in m and "ninety" in m for m in messages)
    assert any("egdi_scor" in m and "3" in m for m in messages)
    assert "upload_targets_import" not in [b.key for b in at.button]
    assert store_version() == before

    upload(at, "example_targets.csv", example.encode())  # sound: what it names is described
    expanders = [e.label for e in at.expander]
    assert any("example_tun_source" in label for label in expanders)
    assert any("example_tun_strategy" in label for label in expanders)
    assert at.info[-1].value == i18n.t("upload.targets.needs_description", lang)
    assert "upload_targets_import" not in [b.key for b in at.button]
    assert store_version() == before


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_history_warns_before_a_strategy_leaves_with_other_batches_targets(lang: str) -> None:
    from metrics.bundled import load_bundled
    from metrics.importing import Metadata, check_targets, commit_targets, read_metadata

    bundled = load_bundled()
    store = Store()
    folder = FILES / "strategy"
    meta = read_metadata((folder / "example_metadata.yaml").read_bytes(), "m.yaml", bundled)
    content = (folder / "example_targets.csv").read_bytes()
    checked = check_targets(content, "example_targets.csv", bundled, meta)
    first = commit_targets(
        store, checked, name="example_targets.csv", content=content, by="t", metadata=meta
    )
    later = (
        content.decode().splitlines()[0]
        + "\nTUN,example_tun_strategy,example_tun_internet_2035,internet_users,a,b,c,,,,2035,97,"
        "example_tun_source,,,,\n"
    ).encode()
    more = check_targets(later, "more.csv", current_catalog(store, bundled))
    second = commit_targets(
        store, more, name="more.csv", content=later, by="t", metadata=Metadata()
    )
    try:
        history = editor("views/history.py", lang)

        def choose(batch: int) -> None:
            # By its place: the options are the page's own labels, in the reader's language.
            box = history.selectbox(key="history_batch")
            box.select_index(
                next(i for i, o in enumerate(box.options) if o.startswith(f"{batch} "))
            )
            history.run()

        choose(first.id)
        warned = [w.value for w in history.warning]
        assert warned == [i18n.t("history.relying", lang, ids="example_tun_internet_2035")]
        choose(second.id)
        assert not history.warning  # nothing relies on the later batch
    finally:
        store.withdraw(second.id, by="t")
        store.withdraw(first.id, by="t")
        store.close()
