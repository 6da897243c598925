"""Believable Japanese interview-note text for search tests and the search benchmark.

Deterministic for a seed. Mixes kanji, kana, ASCII (DX, RPA), full-width and half-width
forms (ＤＸ, ｾｷｭﾘﾃｨ) so that normalisation matters, and words of every length.
"""

from __future__ import annotations

import random

SUBJECTS = [
    "情報政策課",
    "総務課",
    "企画課",
    "住民課",
    "税務課",
    "DX推進本部",
    "ＤＸ推進室",
    "窓口担当",
    "財政課",
    "教育委員会",
    "福祉課",
    "副町長",
    "CIO補佐官",
    "情報システム担当",
]
TOPICS = [
    "予算",
    "窓口",
    "研修",
    "書かない窓口",
    "オンライン申請",
    "基幹業務システムの標準化",
    "ガバメントクラウド",
    "セキュリティ",
    "ｾｷｭﾘﾃｨﾎﾟﾘｼｰ",
    "オープンデータ",
    "EBPM",
    "RPA",
    "AI-OCR",
    "ＢＰＲ",
    "マイナンバーカード",
    "人材育成",
    "電子決裁",
    "テレワーク",
    "庁内LAN",
    "ｷｬｯｼｭﾚｽ決済",
    "データ利活用",
    "業務フロー",
    "DX入門研修",
    "推進体制",
    "全体方針",
]
PREDICATES = [
    "について検討を始めた",
    "の必要性を課内で共有した",
    "は来年度の予算要求に盛り込む予定",
    "の進め方に不安があるとのこと",
    "について先進自治体の事例を紹介した",
    "を優先して取り組みたいとの要望があった",
    "の担当者が不足している",
    "は既に一部で導入済み",
    "について県の支援を希望している",
    "の効果測定の方法が課題",
    "に関する研修を年内に実施したい",
    "は議会への説明が必要",
]
CONNECTIVES = ["また、", "一方で、", "なお、", "そのため、", "", "", "今後は"]
ENDINGS = ["。", "。", "。", "（要確認）。", "。次回までに資料を送付する。"]


TOWNS = [
    "和歌山市",
    "海南市",
    "橋本市",
    "有田市",
    "御坊市",
    "田辺市",
    "新宮市",
    "紀の川市",
    "岩出市",
    "紀美野町",
    "かつらぎ町",
    "九度山町",
    "高野町",
    "湯浅町",
    "広川町",
    "有田川町",
    "美浜町",
    "日高町",
    "由良町",
    "印南町",
    "みなべ町",
    "日高川町",
    "白浜町",
    "上富田町",
    "すさみ町",
    "那智勝浦町",
    "太地町",
    "古座川町",
    "北山村",
    "串本町",
]
SURNAMES = ["山本", "中西", "田中", "松本", "前田", "谷口", "岡本", "坂本", "森", "辻", "東"]
TITLES = ["課長", "係長", "主査", "主任", "担当", "室長", "補佐"]
SYSTEMS = [
    "住民記録システム",
    "財務会計",
    "文書管理システム",
    "グループウェア",
    "LGWAN",
    "GIS",
    "kintone",
    "LINE公式アカウント",
    "電子申請サービス",
    "Teams",
    "Zoom",
]
FACTS = [
    "職員数は{n}名",
    "対象業務は{n}件",
    "年間{n}万円の削減を見込む",
    "{m}月末までに回答",
    "{m}月{d}日に再度打合せ",
    "申請件数は月{n}件程度",
    "端末{n}台を更新予定",
]


def fact(rng: random.Random) -> str:
    template = rng.choice(FACTS)
    return template.format(n=rng.randint(2, 900), m=rng.randint(1, 12), d=rng.randint(1, 28))


def sentence(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.15:
        return f"{rng.choice(SURNAMES)}{rng.choice(TITLES)}より、{fact(rng)}との説明あり。"
    if roll < 0.3:
        return (
            f"{rng.choice(TOWNS)}の{rng.choice(SYSTEMS)}は{rng.choice(TOPICS)}"
            f"{rng.choice(PREDICATES)}{rng.choice(ENDINGS)}"
        )
    subject = rng.choice(SUBJECTS)
    topic = rng.choice(TOPICS)
    return (
        f"{rng.choice(CONNECTIVES)}{subject}では{topic}{rng.choice(PREDICATES)}"
        f"{rng.choice(ENDINGS)}"
    )


def note(rng: random.Random, sentences: tuple[int, int] = (2, 6)) -> str:
    count = rng.randint(*sentences)
    parts = [sentence(rng) for _ in range(count)]
    if rng.random() < 0.3:
        parts.insert(rng.randrange(len(parts) + 1), "\n・" + rng.choice(TOPICS) + "\n")
    return "".join(parts)


def notes(count: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    return [note(rng) for _ in range(count)]


def action_title(rng: random.Random) -> str:
    return f"{rng.choice(TOPICS)}の資料を{rng.choice(['送付する', '作成する', '確認する'])}"


def substring_queries(texts: list[str], length: int, count: int, seed: int = 2) -> list[str]:
    """Queries of exactly ``length`` non-space characters taken from the texts."""
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < count:
        text = rng.choice(texts)
        if len(text) < length:
            continue
        start = rng.randrange(len(text) - length + 1)
        candidate = text[start : start + length]
        if len(candidate.split()) == 1 and len(candidate.strip()) == length:
            out.append(candidate)
    return out
