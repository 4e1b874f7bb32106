"""The anchor of the first-chart figure: a Streamlit app that draws one small Plotly chart, so
the time it takes is what Streamlit and Plotly cost on this machine, nothing of ours."""

import plotly.graph_objects as go
import streamlit as st

st.title("One chart")
st.plotly_chart(go.Figure(go.Scatter(x=[2020, 2021, 2022], y=[1, 2, 3])))
