from interhuman_desktop.session.offsets import OffsetTable


def test_second_connection_restarts_at_zero_but_maps_to_recording_time() -> None:
    table = OffsetTable()
    first = table.new_connection()
    for i in range(3):
        first.add(i + 1, recording_start=3.0 * i, duration=3.0)
    assert first.to_recording(7.5) == 7.5
    second = table.new_connection()  # reconnect: resend segment 3, then 4
    second.add(3, recording_start=6.0, duration=3.0)
    second.add(4, recording_start=9.0, duration=3.0)
    assert second.to_recording(0.0) == 6.0
    assert second.to_recording(4.0) == 10.0
    assert second.covered_until(3.0) == [3]


def test_rejected_segment_shifts_the_later_ones_back() -> None:
    clock = OffsetTable().new_connection()
    clock.add(1, 0.0, 3.0)
    clock.add(2, 3.0, 3.0)  # the server rejects this one (ih5004)
    clock.add(3, 6.0, 3.0)
    assert clock.reject(2) == 2
    assert clock.to_recording(4.0) == 7.0  # server 3..6 is now segment 3
    assert clock.reject(9) is None


def test_gap_between_segments_is_respected() -> None:
    clock = OffsetTable().new_connection()
    clock.add(1, 0.0, 3.0)
    clock.add(5, 30.0, 3.0)  # segments 2-4 were lost
    assert clock.to_recording(4.0) == 31.0
