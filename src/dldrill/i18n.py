"""Which language to speak, and the UI string catalog in Japanese and English.

The language comes from ``--lang``, then ``DLDRILL_LANG``, then the locale (``ja_*`` → Japanese,
another explicit language → English); with no locale at all (``C``/``POSIX``) we fall back to
Japanese, the project's default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

LANGS = ("ja", "en")


def detect_lang(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """Resolve the UI language: explicit choice, ``DLDRILL_LANG``, locale, then Japanese."""
    env = os.environ if environ is None else environ
    if explicit in LANGS:
        return explicit
    forced = env.get("DLDRILL_LANG", "")
    if forced in LANGS:
        return forced
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if not value:
            continue
        if value.lower().startswith("ja"):
            return "ja"
        if value in ("C", "POSIX") or value.startswith(("C.", "POSIX.")):
            return "ja"
        return "en"
    return "ja"


def pick(text: Mapping[str, str] | object, lang: str) -> str:
    """The ``lang`` side of a ``{ja, en}`` mapping or a ``Bilingual``; falls back to the other side."""
    if isinstance(text, Mapping):
        return str(text.get(lang) or text.get("ja") or text.get("en") or "")
    value = getattr(text, lang, None) or getattr(text, "ja", "")
    return str(value)


#: UI strings of the study app (Textual TUI): key → (Japanese, English).  ``{name}`` fields are filled by :func:`tr`.
UI: dict[str, tuple[str, str]] = {
    # app and home
    "app.title": ("dldrill — G検定・E資格 学習", "dldrill — G検定 / E資格 study"),
    "app.loading": ("問題集を読み込んでいます…", "Loading the question bank…"),
    "app.back": ("戻る", "Back"),
    "app.quit": ("終了", "Quit"),
    "app.no_questions": ("条件に合う問題がありません。", "No questions match these filters."),
    "app.nothing_due": ("今日の復習はありません。", "Nothing is due for review today."),
    "app.preparing": ("問題を準備しています…", "Preparing questions…"),
    "app.error": ("エラー: {message}", "Error: {message}"),
    "app.bank_problems": ("不正な問題を {n} 問読み飛ばしました (dldrill bank validate で確認)",
                          "Skipped {n} invalid questions (see dldrill bank validate)"),
    "app.modal_keys": ("←/→: 前後の問題  Esc: 閉じる", "←/→: previous/next  Esc: close"),
    "home.heading": ("ホーム", "Home"),
    "home.due": ("今日の復習: {n} 問", "Due today: {n}"),
    "home.due_week": ("7日以内: {n} 問", "Next 7 days: {n}"),
    "home.answered": ("これまでの解答: {n} 問 (正答率 {acc})", "Answered so far: {n} (accuracy {acc})"),
    "home.exam_date": ("試験日まで あと {n} 日 ({date})", "{n} days to the exam ({date})"),
    "home.bank": ("問題数: {n}", "Questions: {n}"),
    "home.review": ("復習する (期限の来た問題)", "Review (due cards)"),
    "home.continue": ("続きから (未学習・間違えた問題を優先)", "Continue (unseen and missed first)"),
    "home.resume": ("中断した練習を再開 ({done}/{total})", "Resume the interrupted session ({done}/{total})"),
    "home.resume_exam": ("中断した模擬試験を再開 ({n}/{total} 解答済み)", "Resume interrupted mock exam ({n}/{total} answered)"),
    "home.practice": ("分野・項目・トピックを選んで練習", "Practise by section, item or topic"),
    "home.exam_g": ("模擬試験 G検定 ({count}問 / {minutes}分)", "Mock exam G検定 ({count} q / {minutes} min)"),
    "home.exam_e": ("模擬試験 E資格 ({count}問 / {minutes}分)", "Mock exam E資格 ({count} q / {minutes} min)"),
    "home.solver": ("計算ソルバー (途中式つき)", "Solver (worked steps)"),
    "home.browser": ("問題を探す (問題集ブラウザ)", "Browse the question bank"),
    "home.stats": ("学習の記録 (統計)", "Statistics"),
    "home.settings": ("設定 (言語・目標保持率・試験日)", "Settings (language, retention, exam date)"),
    "home.hint": ("↑↓ で選んで Enter。数字キーでも選べます。q で終了。", "↑↓ and Enter, or a number key. q quits."),
    # key labels in the footer
    "key.home": ("ホーム", "Home"),
    "key.back": ("戻る", "Back"),
    "key.next": ("次へ", "Next"),
    "key.skip": ("飛ばす", "Skip"),
    "key.another": ("別の数値で", "Another like this"),
    "key.flag": ("見直し", "Flag"),
    "key.navigator": ("一覧", "Navigator"),
    "key.submit_exam": ("提出", "Submit"),
    "key.prev": ("前へ", "Previous"),
    "key.solve": ("解く", "Solve"),
    "key.save": ("保存", "Save"),
    "key.more": ("問題数+", "More"),
    "key.less": ("問題数−", "Fewer"),
    "key.scope": ("対象切替", "Scope"),
    "key.discard_exam": ("中断した試験を破棄", "Discard exam"),
    "key.yes": ("はい", "Yes"),
    "key.no": ("いいえ", "No"),
    # practice / review
    "practice.title": ("練習", "Practice"),
    "review.title": ("復習", "Review"),
    "session.progress": ("{mode} {n}/{total}", "{mode} {n}/{total}"),
    "session.score": ("正解 {correct}/{answered}", "Correct {correct}/{answered}"),
    "session.submit": ("解答", "Submit"),
    "session.next": ("次へ", "Next"),
    "session.skip": ("飛ばす", "Skip"),
    "session.another": ("別の数値で", "Another like this"),
    "session.done": ("おつかれさまでした。{answered} 問に解答、{correct} 問正解。記録は保存済みです。",
                     "Well done. Answered {answered}, correct {correct}. Progress is saved."),
    "session.next_hint": ("Enter: 次へ  ctrl+r: 別の数値で (生成問題)  Esc: ホーム",
                          "Enter: next  ctrl+r: another like this (generated)  Esc: home"),
    "session.requeued": ("間違えた問題は、このセッションの後半にもう一度出ます。", "A missed question comes back later in this session."),
    "answer.choice_hint": ("a–d または 1–4 で選び、Enter で解答", "Pick with a–d or 1–4, Enter submits"),
    "answer.multiple_hint": ("a–d / 1–4 で選択を切り替え、Enter で解答", "Toggle with a–d / 1–4, Enter submits"),
    "answer.tf_hint": ("o (○) か x (×)、または 1 / 2 で選び、Enter で解答", "o (true) or x (false), or 1 / 2; Enter submits"),
    "answer.true": ("○ 正しい", "○ true"),
    "answer.false": ("× 誤り", "× false"),
    "answer.number": ("答えを入力して Enter", "Type the answer and press Enter"),
    "answer.matrix": ("行列: 行を ; で区切る (例: 1 2; 3 4) または JSON", "Matrix: rows separated by ; (e.g. 1 2; 3 4) or JSON"),
    "answer.ordering": ("正しい順に記号を入力 (例: b a c)", "Type the labels in order (e.g. b a c)"),
    "answer.blank": ("空欄 {n}", "Blank {n}"),
    "answer.free_reveal": ("考えがまとまったら Enter で模範解答を表示", "When ready, press Enter to see the model answer"),
    "answer.self_grade": ("自己採点: 1 Again (忘れた)  2 Hard  3 Good  4 Easy", "Grade yourself: 1 Again  2 Hard  3 Good  4 Easy"),
    "answer.again": ("Again もう一度", "Again"),
    "answer.hard": ("Hard 難しい", "Hard"),
    "answer.good": ("Good 正解", "Good"),
    "answer.easy": ("Easy 簡単", "Easy"),
    "answer.format_error": ("入力を読めませんでした (解答数には数えません): {message}",
                            "Could not read the answer (no attempt used): {message}"),
    "answer.saved": ("解答を保存しました", "Answer saved"),
    # exam
    "exam.title": ("模擬試験 {exam}", "Mock exam {exam}"),
    "exam.remaining": ("残り {time}", "Left {time}"),
    "exam.answered": ("解答済み {n}/{total}", "Answered {n}/{total}"),
    "exam.flag": ("見直し", "Flag (見直し)"),
    "exam.flagged": ("見直しに印をつけました", "Flagged for review (見直し)"),
    "exam.unflagged": ("見直しの印を外しました", "Flag removed"),
    "exam.navigator": ("問題一覧", "Navigator"),
    "exam.navigator_hint": ("Enter でその問題へ。● 解答済み ○ 未解答 ⚑ 見直し", "Enter jumps there. ● answered ○ open ⚑ flagged"),
    "exam.submit": ("提出", "Submit"),
    "exam.confirm": ("試験を提出しますか? 未解答 {open} 問、見直し {flagged} 問 (y: 提出 / n: 戻る)",
                     "Submit the exam? {open} unanswered, {flagged} flagged (y: submit / n: back)"),
    "exam.timeout": ("時間切れです。解答を採点しました。", "Time is up. Your answers have been graded."),
    "exam.prev": ("前へ", "Previous"),
    "exam.free_note": ("記述問題は試験後に模範解答と比べてください (採点対象外)。",
                       "Free-response questions are compared with the model answer after the exam (not scored)."),
    "exam.resumed": ("模擬試験を再開しました (残り {time})", "Mock exam resumed ({time} left)"),
    "exam.resume_dropped": ("問題集にない {n} 問を除いて再開しました", "Resumed without {n} questions no longer in the bank"),
    "exam.nothing_to_resume": ("中断した模擬試験はありません。", "There is no interrupted mock exam to resume."),
    "exam.resume_empty": ("中断した模擬試験の問題が問題集にありません。破棄できます (x)。",
                          "The interrupted exam's questions are no longer in the bank. You can discard it (x)."),
    "exam.discard_confirm": ("中断した模擬試験 ({n}/{total} 解答済み) を破棄しますか? 解答は記録されません (y: 破棄 / n: 戻る)",
                             "Discard the interrupted mock exam ({n}/{total} answered)? Its answers will not be recorded "
                             "(y: discard / n: back)"),
    "exam.discarded": ("中断した模擬試験を破棄しました", "The interrupted mock exam was discarded"),
    "result.title": ("模擬試験の結果", "Mock exam result"),
    "result.score": ("得点 {correct}/{total} ({pct})  解答 {answered} 問  所要時間 {time}",
                     "Score {correct}/{total} ({pct})  answered {answered}  time {time}"),
    "result.timed_out": ("(時間切れ)", "(time ran out)"),
    "result.section": ("分野", "Section"),
    "result.correct": ("正解", "Correct"),
    "result.accuracy": ("正答率", "Accuracy"),
    "result.time": ("時間", "Time"),
    "result.wrong_heading": ("間違えた問題 (Enter で解説)", "Wrong answers (Enter for the explanation)"),
    "result.your_answer": ("あなたの解答: {answer}", "Your answer: {answer}"),
    "result.no_answer": ("(未解答)", "(not answered)"),
    "result.key": ("正解: {key}", "Key: {key}"),
    "result.already_recorded": ("(この試験は別の画面で提出済みのため、二重には記録していません)",
                                "(already submitted in another window: not recorded twice)"),
    "result.all_right": ("全問正解です!", "Every answer is right!"),
    # statistics
    "stats.title": ("学習の記録", "Statistics"),
    "stats.summary": ("解答 {attempts}  正解 {correct}  正答率 {acc}  今日の復習 {due}  7日以内 {week}",
                      "Attempts {attempts}  correct {correct}  accuracy {acc}  due {due}  next 7 days {week}"),
    "stats.activity": ("直近28日の解答数 ({start} → {end})", "Answers over the last 28 days ({start} → {end})"),
    "stats.by_section": ("分野別の正答率", "Accuracy by section"),
    "stats.by_item": ("シラバス項目別の正答率", "Accuracy by syllabus item"),
    "stats.weakest": ("苦手な項目", "Weakest items"),
    "stats.upcoming": ("これからの復習", "Upcoming reviews"),
    "stats.readiness": ("合格準備度 (推定得点率) {score}  カバー率 {coverage}", "Readiness (estimated score) {score}  coverage {coverage}"),
    "stats.none": ("まだ記録がありません。", "Nothing recorded yet."),
    "stats.activity_axis": ("最大 {top} 問/日 · 合計 {total} 問", "max {top}/day · total {total}"),
    "stats.item": ("項目", "Item"),
    "stats.attempts": ("解答", "Attempts"),
    "stats.exam_filter": ("対象: {exam}  (g: G検定 / e: E資格 / a: すべて)", "Scope: {exam}  (g: G検定 / e: E資格 / a: all)"),
    "stats.all": ("すべて", "all"),
    # practice setup
    "setup.title": ("練習する範囲を選ぶ", "Choose what to practise"),
    "setup.filter": ("絞り込み (コード・名前・トピック)", "Filter (code, name, topic)"),
    "setup.all": ("すべての問題 ({exam})", "All questions ({exam})"),
    "setup.section": ("分野 {code}: {title}", "Section {code}: {title}"),
    "setup.topic": ("トピック: {topic}", "Topic: {topic}"),
    "setup.count": ("問題数 {n}", "{n} questions"),
    # solver
    "solver.title": ("計算ソルバー", "Solver"),
    "solver.choose": ("問題の種類を選んで Enter", "Choose a problem type and press Enter"),
    "solver.solve": ("解く (ctrl+s)", "Solve (ctrl+s)"),
    "solver.solving": ("計算中…", "Solving…"),
    "solver.required": ("必須", "required"),
    # bank browser
    "browser.title": ("問題集ブラウザ", "Question bank"),
    "browser.search": ("検索: 語句、syl:T18、topic:cnn、type:numeric", "Search: words, syl:T18, topic:cnn, type:numeric"),
    "browser.count": ("{n} 問", "{n} questions"),
    "browser.key": ("正解: {key}", "Key: {key}"),
    # settings
    "settings.title": ("設定", "Settings"),
    "settings.lang": ("表示言語", "Language"),
    "settings.retention": ("目標保持率 (0.70–0.99)", "Desired retention (0.70–0.99)"),
    "settings.exam_date": ("試験日 (YYYY-MM-DD、空欄で未設定)", "Exam date (YYYY-MM-DD, empty for none)"),
    "settings.save": ("保存 (ctrl+s)", "Save (ctrl+s)"),
    "settings.saved": ("設定を保存しました", "Settings saved"),
    "settings.bad_retention": ("目標保持率は 0.70 から 0.99 の数値で入力してください", "Desired retention must be a number from 0.70 to 0.99"),
    "settings.bad_date": ("試験日は YYYY-MM-DD の形で入力してください", "Enter the exam date as YYYY-MM-DD"),
}


def tr(name: str, lang: str, /, **fields: object) -> str:
    """The UI string ``name`` in ``lang`` (Japanese for anything but ``en``), with ``{fields}`` filled in."""
    ja, en = UI[name]
    text = en if lang == "en" else ja
    return text.format(**fields) if fields else text
