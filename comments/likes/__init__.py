"""Likes on posts: "N bloggers like this", with the newest readers' faces."""
