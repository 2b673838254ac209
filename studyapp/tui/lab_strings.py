"""Every string the lab screens show, in English and 中文 (the app's own table covers the rest)."""
from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # bindings
    "lab_back": ("Back", "返回"),
    "lab_run": ("Run", "运行"),
    "lab_run_again": ("Run again", "再次运行"),
    "lab_device_key": ("Device", "设备"),
    "lab_mode_key": ("Mode", "模式"),
    "lab_backend_key": ("Backend", "运行位置"),
    "lab_history_key": ("Earlier runs", "历史运行"),
    "lab_cancel": ("Cancel", "取消"),
    "lab_open_run": ("Open", "打开"),
    "lab_log": ("Log", "日志"),
    # list
    "labs_title": ("Labs", "实验"),
    "labs_loading": ("Loading the labs…", "正在加载实验…"),
    "labs_missing": ("The labs could not be listed: {error}", "无法列出实验：{error}"),
    "lab_unknown": ("There is no lab named '{lab}'.", "没有名为“{lab}”的实验。"),
    "col_lab": ("Lab", "实验"),
    "col_title": ("Title", "标题"),
    "col_notes": ("Notes", "笔记"),
    "col_last": ("Last run", "上次运行"),
    "col_device": ("Device", "设备"),
    "never_run": ("never run", "未运行"),
    "notes_line": ("Notes: {notes}", "相关笔记：{notes}"),
    "device_label": ("Device", "设备"),
    "mode_label": ("Mode", "模式"),
    "choice_hint": ("r or enter: run · d: device · m: mode · b: backend · h: earlier runs",
                    "r 或回车：运行 · d：设备 · m：模式 · b：运行位置 · h：历史运行"),
    "backend_label": ("Backend", "运行位置"),
    "backend_local": ("this machine", "本机"),
    "device_auto": ("auto", "自动"),
    "device_cpu": ("cpu", "CPU"),
    "device_cuda": ("cuda", "CUDA"),
    "mode_quick": ("quick", "快速"),
    "mode_full": ("full", "完整"),
    # run
    "run_title": ("{title} · device {device} · mode {mode}", "{title} · 设备 {device} · 模式 {mode}"),
    "run_starting": ("Starting the lab process…", "正在启动实验进程…"),
    "run_cancelling": ("Cancelling…", "正在取消…"),
    "run_saved": ("Run {id} saved", "运行记录 {id} 已保存"),
    "run_not_saved": ("The run could not be saved: {error}", "运行记录无法保存：{error}"),
    "log_metric": ("metric {name} = {value}", "指标 {name} = {value}"),
    "log_done": ("finished: {status}", "结束：{status}"),
    # result
    "status_pass": ("pass", "通过"),
    "status_fail": ("fail", "失败"),
    "status_error": ("error", "错误"),
    "status_skip": ("skip", "跳过"),
    "msg_cancelled": ("cancelled", "已取消"),
    "result_torch": ("torch {version}", "torch {version}"),
    "result_checks": ("checks: {passed} passed, {failed} failed, {skipped} skipped",
                      "检查：{passed} 项通过，{failed} 项失败，{skipped} 项跳过"),
    "result_message": ("Message: {message}", "信息：{message}"),
    "result_title": ("Run {id} of {lab}", "{lab} 的第 {id} 次运行记录"),
    "col_check": ("Check", "检查"),
    "col_expected": ("Expected", "期望"),
    "col_measured": ("Measured", "实测"),
    "col_result": ("Result", "结果"),
    "col_why": ("Explanation", "说明"),
    "col_metric": ("Metric", "指标"),
    "col_value": ("Value", "数值"),
    "no_checks": ("No checks were judged.", "没有完成任何检查。"),
    "check_detail": ("{name}: expected {expected}, measured {measured}{tolerance}. {why}",
                     "{name}：期望 {expected}，实测 {measured}{tolerance}。{why}"),
    "tolerance": (" (tolerance {tol})", "（容差 {tol}）"),
    # history
    "history_title": ("Earlier runs of {lab}", "{lab} 的历史运行"),
    "no_runs": ("No runs yet: press q, then r to run the lab.", "还没有运行记录：按 q 返回，再按 r 运行。"),
    "col_run": ("#", "#"),
    "col_when": ("When", "时间"),
    "col_mode": ("Mode", "模式"),
    "col_seconds": ("Time", "用时"),
    "col_checks": ("Checks", "检查"),
    "lab_db_error": ("The collection could not be read or written: {error}", "无法读写卡组：{error}"),
}


def lab_tr(language: str, key: str, /, **values) -> str:
    english, chinese = STRINGS[key]
    text = chinese if language == "zh" else english
    return text.format(**values) if values else text
